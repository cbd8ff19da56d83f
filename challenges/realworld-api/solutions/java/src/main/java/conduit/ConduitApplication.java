package conduit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Conduit (RealWorld) API: started with PORT, DATABASE_URL and JWT_SECRET in the environment. */
@SpringBootApplication
public class ConduitApplication {
    public static void main(String[] args) {
        SpringApplication.run(ConduitApplication.class, args);
    }
}
