package orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The order-history service: started with PORT and DATABASE_URL in the environment. */
@SpringBootApplication
public class OrderHistoryApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrderHistoryApplication.class, args);
    }
}
