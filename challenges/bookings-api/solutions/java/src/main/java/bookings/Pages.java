package bookings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The list envelope {"items": [...], "next_cursor": "..." | null}. */
final class Pages {
    private Pages() {}

    /** rows holds up to limit + 1 rows: the extra one only says that another page exists. */
    static <T> Map<String, Object> of(List<T> rows, int limit, Function<T, Map<String, Object>> json,
            Function<T, String> cursor) {
        List<T> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.stream().map(json).toList());
        out.put("next_cursor", rows.size() > limit ? cursor.apply(page.get(limit - 1)) : null);
        return out;
    }
}
