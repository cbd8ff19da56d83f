package conduit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * HS256 JWTs sent as `Authorization: Token <jwt>`. Written on the JDK's HMAC rather than a library: the
 * service only ever issues and checks its own tokens of one algorithm, so the header is fixed and
 * verification is a constant-time comparison of the signature, then the expiry.
 */
@Component
public class Tokens {
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final byte[] secret;

    public Tokens() {
        String fromEnv = System.getenv("JWT_SECRET");
        // Local development only: a deployment sets JWT_SECRET.
        this.secret = (fromEnv == null || fromEnv.isEmpty() ? "local-dev-only" : fromEnv).getBytes(StandardCharsets.UTF_8);
    }

    String issue(long userId) {
        long now = Instant.now().getEpochSecond();
        String claims = "{\"sub\":\"" + userId + "\",\"iat\":" + now + ",\"exp\":" + (now + LIFETIME.toSeconds()) + "}";
        String unsigned = HEADER + "." + encode(claims.getBytes(StandardCharsets.UTF_8));
        return unsigned + "." + encode(sign(unsigned));
    }

    /** The caller's user id, null without a header; 401 for a malformed, forged or expired token. */
    Long viewer(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] parts = header.strip().split("\\s+", 2);
        String scheme = parts[0].toLowerCase();
        if (parts.length != 2 || !(scheme.equals("token") || scheme.equals("bearer"))) {
            throw ApiError.unauthorized("the Authorization header must be 'Token <jwt>'");
        }
        Long id = verify(parts[1]);
        if (id == null) {
            throw ApiError.unauthorized("the token is invalid or expired");
        }
        return id;
    }

    /** The caller's user id; 401 without a valid token. */
    long me(String header) {
        Long id = viewer(header);
        if (id == null) {
            throw ApiError.unauthorized("a valid token is required");
        }
        return id;
    }

    private Long verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return null;
        }
        try {
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() < Instant.now().getEpochSecond()) {
                return null;
            }
            long id = Long.parseLong(claims.path("sub").asText());
            return id > 0 ? id : null;
        } catch (Exception e) {
            return null;
        }
    }

    private byte[] sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static String encode(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }
}
