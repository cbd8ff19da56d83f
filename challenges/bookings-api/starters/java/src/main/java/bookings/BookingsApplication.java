package bookings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The meeting-room bookings API: started with PORT and DATABASE_URL in the environment. */
@SpringBootApplication
public class BookingsApplication {
    public static void main(String[] args) {
        SpringApplication.run(BookingsApplication.class, args);
    }
}
