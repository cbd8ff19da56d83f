package conduit;

import java.util.List;
import org.springframework.util.MultiValueMap;

/** Query-string parameters, with 422s that name the parameter. */
final class Query {
    private Query() {}

    /** An optional filter given at most once; null when absent. */
    static String text(MultiValueMap<String, String> query, String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw ApiError.invalid(name, "must be given once");
        }
        return values.get(0);
    }

    /** A whole number in [low, high], or fallback when absent. */
    static int number(MultiValueMap<String, String> query, String name, int fallback, int low, int high) {
        String raw = text(query, name);
        if (raw == null) {
            return fallback;
        }
        if (!raw.matches("\\d{1,9}") || Integer.parseInt(raw) < low || Integer.parseInt(raw) > high) {
            throw ApiError.invalid(name, "must be a whole number from " + low + " to " + high);
        }
        return Integer.parseInt(raw);
    }
}
