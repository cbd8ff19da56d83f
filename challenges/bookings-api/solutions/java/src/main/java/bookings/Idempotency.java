package bookings;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Responses of POST /bookings remembered per Idempotency-Key. The key row is inserted first in the
 * request's transaction, so a concurrent retry waits on the primary key and then replays the stored
 * response; a failed request rolls its key back.
 */
@Component
public class Idempotency {
    private static final String CLAIM = "INSERT INTO idempotency_keys (key, request_hash) VALUES (?, ?) "
            + "ON CONFLICT (key) DO NOTHING RETURNING key";
    private static final String STORED =
            "SELECT request_hash, status_code, body::text AS body, location FROM idempotency_keys WHERE key = ?";
    private static final String REMEMBER =
            "UPDATE idempotency_keys SET status_code = ?, body = ?::jsonb, location = ? WHERE key = ?";

    private final JdbcTemplate jdbc;

    public Idempotency(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored response to send again. */
    record Replay(int status, String body, String location) {}

    /** Claims the key for this request (null), or returns the first response; 422 for another body. */
    Replay claim(String key, Bookings.NewBooking in) {
        String hash = fingerprint(in);
        if (!jdbc.queryForList(CLAIM, String.class, key, hash).isEmpty()) {
            return null;
        }
        Map<String, Object> stored = jdbc.queryForMap(STORED, key);
        if (!hash.equals(stored.get("request_hash"))) {
            throw new Problem("/problems/idempotency-key-reused", "Idempotency key reused", 422,
                    "Idempotency-Key '" + key + "' was already used with a different request body", List.of());
        }
        return new Replay((Integer) stored.get("status_code"), (String) stored.get("body"),
                (String) stored.get("location"));
    }

    void remember(String key, int status, Map<String, Object> body, String location) {
        try {
            jdbc.update(REMEMBER, status, Http.JSON.writeValueAsString(body), location, key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fingerprint(Bookings.NewBooking in) {
        String canonical = String.join("\n", String.valueOf(in.roomId()), in.title(), String.valueOf(in.attendees()),
                in.startsAt().toString(), in.endsAt().toString());
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
