package conduit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registration, login and the current user. */
@RestController
public class UserController {
    private static final String USER_BY_ID = "SELECT id, username, email, bio, image FROM users WHERE id = ?";
    private static final String USER_BY_EMAIL =
            "SELECT id, username, email, bio, image, password_hash FROM users WHERE email = ?";
    private static final String INSERT_USER = "INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?) "
            + "RETURNING id, username, email, bio, image";
    private static final String UPDATE_USER = "UPDATE users SET username = coalesce(?, username), "
            + "email = coalesce(?, email), password_hash = coalesce(?, password_hash), "
            + "bio = CASE WHEN ? THEN ? ELSE bio END, image = CASE WHEN ? THEN ? ELSE image END "
            + "WHERE id = ? RETURNING id, username, email, bio, image";
    private static final int MIN_PASSWORD = 8;
    // bcrypt reads at most 72 bytes: a longer password would share its hash with its own prefix.
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final String AUTH = "Authorization";

    private final JdbcTemplate jdbc;
    private final Tokens tokens;
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);

    public UserController(JdbcTemplate jdbc, Tokens tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    private record User(long id, String username, String email, String bio, String image, String hash) {}

    private static final RowMapper<User> USER = (rs, n) -> new User(rs.getLong("id"), rs.getString("username"),
            rs.getString("email"), rs.getString("bio"), rs.getString("image"), null);

    private Map<String, Object> json(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("email", user.email());
        out.put("token", tokens.issue(user.id()));
        out.put("username", user.username());
        out.put("bio", user.bio());
        out.put("image", user.image());
        return Map.of("user", out);
    }

    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> register(@RequestBody(required = false) String body) {
        Fields fields = Fields.unwrap(body, "user");
        String username = readUsername(fields, true);
        String email = readEmail(fields, true);
        String hash = passwords.encode(readPassword(fields, true));
        return json(unlessTaken(() -> jdbc.queryForObject(INSERT_USER, USER, username, email, hash)));
    }

    @PostMapping("/api/users/login")
    Map<String, Object> login(@RequestBody(required = false) String body) {
        Fields fields = Fields.unwrap(body, "user");
        String email = fields.text("email", true, 254);
        String password = fields.text("password", true, 200);
        List<User> found = jdbc.query(USER_BY_EMAIL, (rs, n) -> new User(rs.getLong("id"), rs.getString("username"),
                rs.getString("email"), rs.getString("bio"), rs.getString("image"), rs.getString("password_hash")), email);
        if (found.isEmpty() || !passwords.matches(password, found.get(0).hash())) {
            throw ApiError.unauthorized("email or password is invalid");
        }
        return json(found.get(0));
    }

    @GetMapping("/api/user")
    Map<String, Object> current(@RequestHeader(value = AUTH, required = false) String auth) {
        List<User> found = jdbc.query(USER_BY_ID, USER, tokens.me(auth));
        if (found.isEmpty()) {
            throw ApiError.unauthorized("the token's user no longer exists");
        }
        return json(found.get(0));
    }

    @PutMapping("/api/user")
    Map<String, Object> update(@RequestHeader(value = AUTH, required = false) String auth,
            @RequestBody(required = false) String body) {
        long me = tokens.me(auth);
        Fields fields = Fields.unwrap(body, "user");
        String username = readUsername(fields, false);
        String email = readEmail(fields, false);
        String password = readPassword(fields, false);
        String hash = password == null ? null : passwords.encode(password);
        String bio = fields.text("bio", false, 10000);
        String image = fields.text("image", false, 2000);
        List<User> updated = unlessTaken(() -> jdbc.query(UPDATE_USER, USER, username, email, hash,
                fields.has("bio"), bio, fields.has("image"), image, me));
        if (updated.isEmpty()) {
            throw ApiError.unauthorized("the token's user no longer exists");
        }
        return json(updated.get(0));
    }

    private static String readEmail(Fields fields, boolean required) {
        String email = fields.text("email", required, 254);
        if (email != null && (!email.contains("@") || !email.strip().equals(email))) {
            throw ApiError.invalid("email", "is not an email address");
        }
        return email;
    }

    private static String readPassword(Fields fields, boolean required) {
        String password = fields.text("password", required, 200);
        if (password != null && password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            throw ApiError.invalid("password", "is too short (at least " + MIN_PASSWORD + " characters)");
        }
        if (password != null && password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiError.invalid("password", "is too long (at most " + MAX_PASSWORD_BYTES + " bytes)");
        }
        return password;
    }

    private static String readUsername(Fields fields, boolean required) {
        String username = fields.text("username", required, 50);
        if (username != null && (username.isBlank() || !username.strip().equals(username))) {
            throw ApiError.invalid("username", "can't be blank or start or end with spaces");
        }
        return username;
    }

    /** Runs a write; a unique violation becomes the spec's 422 "has already been taken". */
    private static <T> T unlessTaken(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (DuplicateKeyException e) {
            String message = String.valueOf(e.getMostSpecificCause().getMessage());
            throw ApiError.invalid(message.contains("email") ? "email" : "username", "has already been taken");
        }
    }
}
