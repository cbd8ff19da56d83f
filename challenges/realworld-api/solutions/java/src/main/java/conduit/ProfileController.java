package conduit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Profiles and following. */
@RestController
public class ProfileController {
    private static final String PROFILE = "SELECT u.id, u.username, u.bio, u.image, EXISTS (SELECT 1 FROM follows f "
            + "WHERE f.followee_id = u.id AND f.follower_id = ?) AS following FROM users u WHERE u.username = ?";
    private static final String FOLLOW =
            "INSERT INTO follows (follower_id, followee_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String UNFOLLOW = "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?";
    private static final String AUTH = "Authorization";

    private final JdbcTemplate jdbc;
    private final Tokens tokens;

    public ProfileController(JdbcTemplate jdbc, Tokens tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    private record Profile(long id, Map<String, Object> json) {}

    private Profile find(String username, Long viewer) {
        List<Profile> found = jdbc.query(PROFILE, (rs, n) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("username", rs.getString("username"));
            json.put("bio", rs.getString("bio"));
            json.put("image", rs.getString("image"));
            json.put("following", rs.getBoolean("following"));
            return new Profile(rs.getLong("id"), json);
        }, viewer == null ? 0L : viewer, username);
        if (found.isEmpty()) {
            throw ApiError.notFound("profile");
        }
        return found.get(0);
    }

    @GetMapping("/api/profiles/{username}")
    Map<String, Object> profile(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String username) {
        return Map.of("profile", find(username, tokens.viewer(auth)).json());
    }

    @PostMapping("/api/profiles/{username}/follow")
    Map<String, Object> follow(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String username) {
        long me = tokens.me(auth);
        Profile target = find(username, me);
        if (target.id() == me) {
            throw ApiError.invalid("username", "you cannot follow yourself");
        }
        jdbc.update(FOLLOW, me, target.id());
        target.json().put("following", true);
        return Map.of("profile", target.json());
    }

    @DeleteMapping("/api/profiles/{username}/follow")
    Map<String, Object> unfollow(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String username) {
        long me = tokens.me(auth);
        Profile target = find(username, me);
        jdbc.update(UNFOLLOW, me, target.id());
        target.json().put("following", false);
        return Map.of("profile", target.json());
    }
}
