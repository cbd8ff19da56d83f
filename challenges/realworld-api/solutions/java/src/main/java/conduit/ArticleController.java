package conduit;

import conduit.ArticleQueries.Article;
import conduit.ArticleQueries.Filters;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Articles: create, read, update, delete, favorites, the list with its filters, the feed, and tags. */
@RestController
public class ArticleController {
    private static final String INSERT_ARTICLE = "INSERT INTO articles (slug, title, description, body, author_id) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id";
    private static final String UPDATE_ARTICLE = "UPDATE articles SET slug = ?, title = ?, description = ?, body = ?, "
            + "updated_at = clock_timestamp() WHERE id = ?";
    private static final String INSERT_TAG = "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING";
    private static final String LINK_TAG = "INSERT INTO article_tags (article_id, tag_id) "
            + "SELECT ?, id FROM tags WHERE name = ? ON CONFLICT DO NOTHING";
    private static final String DELETE_ARTICLE = "DELETE FROM articles WHERE id = ?";
    private static final String FAVORITE =
            "INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String UNFAVORITE = "DELETE FROM favorites WHERE user_id = ? AND article_id = ?";
    private static final String ALL_TAGS = "SELECT name FROM tags ORDER BY name";
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final int MAX_OFFSET = 10_000_000;
    private static final String AUTH = "Authorization";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Tokens tokens;
    private final ArticleQueries articles;

    public ArticleController(JdbcTemplate jdbc, TransactionTemplate tx, Tokens tokens, ArticleQueries articles) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.tokens = tokens;
        this.articles = articles;
    }

    static String slugify(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 80) {
            slug = slug.substring(0, 80).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "article" : slug;
    }

    private static String suffixed(String slug) {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return slug + "-" + HexFormat.of().formatHex(bytes);
    }

    @GetMapping("/api/articles")
    Map<String, Object> list(@RequestHeader(value = AUTH, required = false) String auth,
            @RequestParam MultiValueMap<String, String> query) {
        Long viewer = tokens.viewer(auth);
        Filters filters = new Filters(viewer == null ? 0 : viewer, null, Query.text(query, "author"),
                Query.text(query, "tag"), Query.text(query, "favorited"), false);
        return articles.list(filters, Query.number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                Query.number(query, "offset", 0, 0, MAX_OFFSET));
    }

    @GetMapping("/api/articles/feed")
    Map<String, Object> feed(@RequestHeader(value = AUTH, required = false) String auth,
            @RequestParam MultiValueMap<String, String> query) {
        long me = tokens.me(auth);
        return articles.list(new Filters(me, null, null, null, null, true),
                Query.number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT), Query.number(query, "offset", 0, 0, MAX_OFFSET));
    }

    @GetMapping("/api/articles/{slug}")
    Map<String, Object> get(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug) {
        return Map.of("article", articles.find(slug, tokens.viewer(auth)).json());
    }

    private record Input(String title, String description, String body) {}

    private static Input read(Fields fields, boolean required) {
        Input in = new Input(fields.text("title", required, 300), fields.text("description", required, 1000),
                fields.text("body", required, 100_000));
        for (var entry : Map.of("title", String.valueOf(in.title()), "description", String.valueOf(in.description()),
                "body", String.valueOf(in.body())).entrySet()) {
            if (entry.getValue().isBlank()) {
                throw ApiError.invalid(entry.getKey(), "can't be blank");
            }
        }
        return in;
    }

    @PostMapping("/api/articles")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestHeader(value = AUTH, required = false) String auth,
            @RequestBody(required = false) String body) {
        long me = tokens.me(auth);
        Fields fields = Fields.unwrap(body, "article");
        Input in = read(fields, true);
        List<String> tags = fields.strings("tagList", 100);
        String slug = tx.execute(status -> {
            String base = slugify(in.title());
            for (String candidate = base; ; candidate = suffixed(base)) {
                List<Long> id = jdbc.queryForList(INSERT_ARTICLE, Long.class, candidate, in.title(), in.description(),
                        in.body(), me);
                if (!id.isEmpty()) {
                    for (String tag : tags) {
                        jdbc.update(INSERT_TAG, tag);
                        jdbc.update(LINK_TAG, id.get(0), tag);
                    }
                    return candidate;
                }
            }
        });
        return Map.of("article", articles.find(slug, me).json());
    }

    /** The caller's own article: 401, then 404 when unknown, then 403 when someone else wrote it. */
    private Article own(String auth, String slug) {
        long me = tokens.me(auth);
        Article article = articles.find(slug, me);
        if (article.authorId() != me) {
            throw ApiError.forbidden("only the author may change or delete this article");
        }
        return article;
    }

    @PutMapping("/api/articles/{slug}")
    Map<String, Object> update(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug,
            @RequestBody(required = false) String body) {
        Article article = own(auth, slug);
        Input changes = read(Fields.unwrap(body, "article"), false);
        Map<String, Object> old = article.json();
        String title = changes.title() != null ? changes.title() : (String) old.get("title");
        String description = changes.description() != null ? changes.description() : (String) old.get("description");
        String text = changes.body() != null ? changes.body() : (String) old.get("body");
        String newSlug = changes.title() == null ? article.slug() : slugify(title);
        for (int attempt = 0; ; attempt++) {
            try {
                jdbc.update(UPDATE_ARTICLE, newSlug, title, description, text, article.id());
                break;
            } catch (DuplicateKeyException e) {
                if (attempt == 5) {
                    throw e;
                }
                newSlug = suffixed(slugify(title));
            }
        }
        return Map.of("article", articles.find(newSlug, tokens.me(auth)).json());
    }

    @DeleteMapping("/api/articles/{slug}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug) {
        jdbc.update(DELETE_ARTICLE, own(auth, slug).id());
    }

    @PostMapping("/api/articles/{slug}/favorite")
    Map<String, Object> favorite(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug) {
        return setFavorite(auth, slug, FAVORITE);
    }

    @DeleteMapping("/api/articles/{slug}/favorite")
    Map<String, Object> unfavorite(@RequestHeader(value = AUTH, required = false) String auth, @PathVariable String slug) {
        return setFavorite(auth, slug, UNFAVORITE);
    }

    private Map<String, Object> setFavorite(String auth, String slug, String sql) {
        long me = tokens.me(auth);
        Article article = articles.find(slug, me);
        jdbc.update(sql, me, article.id());
        return Map.of("article", articles.find(slug, me).json());
    }

    @GetMapping("/api/tags")
    Map<String, Object> tags() {
        return Map.of("tags", jdbc.queryForList(ALL_TAGS, String.class));
    }
}
