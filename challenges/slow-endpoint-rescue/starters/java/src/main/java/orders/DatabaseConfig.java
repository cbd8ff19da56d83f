package orders;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The pool from DATABASE_URL (postgresql://user:password@host:port/db), and the schema on start. */
@Configuration
public class DatabaseConfig {
    // Any constant works; it only has to be the same for every instance of this service.
    private static final long MIGRATION_LOCK = 7202612L;

    @Bean
    DataSource dataSource() {
        String url = System.getenv("DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("DATABASE_URL is not set");
        }
        URI uri = URI.create(url);
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        HikariDataSource pool = new HikariDataSource();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        pool.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            pool.setUsername(decode(parts[0]));
            if (parts.length == 2) {
                pool.setPassword(decode(parts[1]));
            }
        }
        pool.setMaximumPoolSize(10);
        return pool;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** Runs while the context starts, so /health answers only once the schema exists. */
    @Bean
    InitializingBean createSchema(JdbcTemplate jdbc, TransactionTemplate tx) {
        return () -> {
            String schema = readSchema();
            tx.executeWithoutResult(status -> {
                // The advisory lock keeps two starting instances from racing.
                jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, MIGRATION_LOCK);
                jdbc.execute(schema);
            });
        };
    }

    private static String readSchema() throws IOException {
        try (var in = new ClassPathResource("schema.sql").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
