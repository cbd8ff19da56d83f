package orders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A keyset cursor: the position right after the last order of a page, in the list's sort keys. */
record Cursor(Instant createdAt, long id) {
    private static final Pattern FORMAT = Pattern.compile("([0-9T:.Z-]{20,30})/([1-9][0-9]{0,17})");

    String encode() {
        byte[] text = (createdAt + "/" + id).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
    }

    /** The cursor a page handed out; 400 for anything else (old offset cursors included). */
    static Cursor decode(String cursor) {
        Matcher match;
        try {
            match = FORMAT.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (match.matches()) {
                return new Cursor(Instant.parse(match.group(1)), Long.parseLong(match.group(2)));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw foreign();
        }
        throw foreign();
    }

    private static Problem foreign() {
        return new Problem(400, "Bad Request", "cursor is not one this service returned");
    }
}
