package conduit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;

/**
 * Reading articles. One query serves the list, the feed and a single article: every filter is optional
 * (NULL = not applied), and tags, favorites and following come from subqueries, so a page costs one round
 * trip whatever its size. The SQL text is constant; values are always parameters.
 */
@Component
public class ArticleQueries {
    private static final String ARTICLES = """
            SELECT a.id, a.author_id, a.slug, a.title, a.description, a.body, a.created_at, a.updated_at,
              u.username, u.bio, u.image,
              ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                    WHERE at.article_id = a.id ORDER BY t.name) AS tag_list,
              (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)::int AS favorites_count,
              EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = :viewer) AS favorited,
              EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = a.author_id AND fo.follower_id = :viewer) AS following,
              count(*) OVER ()::int AS total
            FROM articles a JOIN users u ON u.id = a.author_id
            WHERE (CAST(:slug AS text) IS NULL OR a.slug = :slug)
              AND (CAST(:author AS text) IS NULL OR u.username = :author)
              AND (CAST(:tag AS text) IS NULL OR EXISTS (
                    SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
                    WHERE at.article_id = a.id AND t.name = :tag))
              AND (CAST(:favorited AS text) IS NULL OR EXISTS (
                    SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
                    WHERE f.article_id = a.id AND fu.username = :favorited))
              AND (NOT :feed OR EXISTS (
                    SELECT 1 FROM follows fo WHERE fo.follower_id = :viewer AND fo.followee_id = a.author_id))
            ORDER BY a.created_at DESC, a.id DESC
            LIMIT :limit OFFSET :offset""";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate named;

    public ArticleQueries(JdbcTemplate jdbc) {
        this.named = new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(jdbc);
    }

    /** Filters of the query; null means "not applied"; viewer 0 is nobody. */
    record Filters(long viewer, String slug, String author, String tag, String favorited, boolean feed) {
        static Filters bySlug(String slug, Long viewer) {
            return new Filters(viewer == null ? 0 : viewer, slug, null, null, null, false);
        }
    }

    /** An article row: its ids for ownership checks, its JSON, and the number of matches on all pages. */
    record Article(long id, long authorId, String slug, Map<String, Object> json, int total) {}

    List<Article> select(Filters f, int limit, int offset) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("viewer", f.viewer());
        params.put("slug", text(f.slug()));
        params.put("author", text(f.author()));
        params.put("tag", text(f.tag()));
        params.put("favorited", text(f.favorited()));
        params.put("feed", f.feed());
        params.put("limit", limit);
        params.put("offset", offset);
        return named.query(ARTICLES, params, (rs, n) -> row(rs));
    }

    private static SqlParameterValue text(String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    /** One article by slug, with the viewer's favorited and following; 404 when unknown. */
    Article find(String slug, Long viewer) {
        List<Article> found = select(Filters.bySlug(slug, viewer), 1, 0);
        if (found.isEmpty()) {
            throw ApiError.notFound("article");
        }
        return found.get(0);
    }

    /** {"articles": [...], "articlesCount": n}: one page, and the number of matches on all pages. */
    Map<String, Object> list(Filters f, int limit, int offset) {
        List<Article> page = select(f, limit, offset);
        int total = page.isEmpty() ? 0 : page.get(0).total();
        if (page.isEmpty() && offset > 0) { // past the end: count without the offset
            List<Article> first = select(f, 1, 0);
            total = first.isEmpty() ? 0 : first.get(0).total();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("articles", page.stream().map(Article::json).toList());
        out.put("articlesCount", total);
        return out;
    }

    static String iso(java.sql.Timestamp at) {
        return ISO.format(at.toInstant());
    }

    private static Article row(ResultSet rs) throws SQLException {
        Map<String, Object> author = new LinkedHashMap<>();
        author.put("username", rs.getString("username"));
        author.put("bio", rs.getString("bio"));
        author.put("image", rs.getString("image"));
        author.put("following", rs.getBoolean("following"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slug", rs.getString("slug"));
        json.put("title", rs.getString("title"));
        json.put("description", rs.getString("description"));
        json.put("body", rs.getString("body"));
        json.put("tagList", Arrays.asList((String[]) rs.getArray("tag_list").getArray()));
        json.put("createdAt", iso(rs.getTimestamp("created_at")));
        json.put("updatedAt", iso(rs.getTimestamp("updated_at")));
        json.put("favorited", rs.getBoolean("favorited"));
        json.put("favoritesCount", rs.getInt("favorites_count"));
        json.put("author", author);
        return new Article(rs.getLong("id"), rs.getLong("author_id"), rs.getString("slug"), json, rs.getInt("total"));
    }
}
