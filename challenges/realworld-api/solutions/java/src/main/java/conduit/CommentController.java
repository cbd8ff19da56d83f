package conduit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Comments on an article. */
@RestController
public class CommentController {
    private static final String COMMENTS = "SELECT c.id, c.author_id, c.body, c.created_at, c.updated_at, "
            + "u.username, u.bio, u.image, EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id "
            + "AND fo.follower_id = ?) AS following FROM comments c JOIN users u ON u.id = c.author_id "
            + "WHERE c.article_id = ? AND (? = 0 OR c.id = ?) ORDER BY c.created_at, c.id";
    private static final String INSERT_COMMENT =
            "INSERT INTO comments (article_id, author_id, body) VALUES (?, ?, ?) RETURNING id";
    private static final String DELETE_COMMENT = "DELETE FROM comments WHERE id = ?";
    private static final String AUTH = "Authorization";

    private final JdbcTemplate jdbc;
    private final Tokens tokens;
    private final ArticleQueries articles;

    public CommentController(JdbcTemplate jdbc, Tokens tokens, ArticleQueries articles) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.articles = articles;
    }

    private record Comment(long authorId, Map<String, Object> json) {}

    /** An article's comments, oldest first; only the one with id when id is not 0. */
    private List<Comment> select(Long viewer, long articleId, long id) {
        return jdbc.query(COMMENTS, (rs, n) -> {
            Map<String, Object> author = new LinkedHashMap<>();
            author.put("username", rs.getString("username"));
            author.put("bio", rs.getString("bio"));
            author.put("image", rs.getString("image"));
            author.put("following", rs.getBoolean("following"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", rs.getLong("id"));
            json.put("body", rs.getString("body"));
            json.put("createdAt", ArticleQueries.iso(rs.getTimestamp("created_at")));
            json.put("updatedAt", ArticleQueries.iso(rs.getTimestamp("updated_at")));
            json.put("author", author);
            return new Comment(rs.getLong("author_id"), json);
        }, viewer == null ? 0L : viewer, articleId, id, id);
    }

    @GetMapping("/api/articles/{slug}/comments")
    Map<String, Object> list(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug) {
        Long viewer = tokens.viewer(auth);
        long article = articles.find(slug, viewer).id();
        return Map.of("comments", select(viewer, article, 0).stream().map(Comment::json).toList());
    }

    @PostMapping("/api/articles/{slug}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> add(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug,
            @RequestBody(required = false) String body) {
        long me = tokens.me(auth);
        String text = Fields.unwrap(body, "comment").text("body", true, 10_000);
        long article = articles.find(slug, me).id();
        Long id = jdbc.queryForObject(INSERT_COMMENT, Long.class, article, me, text);
        return Map.of("comment", select(me, article, id).get(0).json());
    }

    @DeleteMapping("/api/articles/{slug}/comments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug,
            @PathVariable String id) {
        long me = tokens.me(auth);
        long article = articles.find(slug, me).id();
        long commentId = id.matches("\\d{1,15}") ? Long.parseLong(id) : 0;
        List<Comment> found = commentId == 0 ? List.of() : select(me, article, commentId);
        if (found.isEmpty()) {
            throw ApiError.notFound("comment");
        }
        if (found.get(0).authorId() != me) {
            throw ApiError.forbidden("only the author may delete this comment");
        }
        jdbc.update(DELETE_COMMENT, commentId);
    }
}
