package orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Cursors keep the exact position (microseconds included) and refuse what the service never issued. */
class CursorTest {
    @Test
    void aCursorKeepsItsPosition() {
        Cursor cursor = new Cursor(Instant.parse("2026-01-10T09:00:00.123456Z"), 40839);
        assertEquals(cursor, Cursor.decode(cursor.encode()));
    }

    @Test
    void foreignCursorsAreRefused() {
        String offset = Base64.getUrlEncoder().encodeToString("offset:20".getBytes(StandardCharsets.UTF_8));
        for (String cursor : new String[] {"zzz", "", offset, "!!"}) {
            Problem problem = assertThrows(Problem.class, () -> Cursor.decode(cursor), cursor);
            assertEquals("cursor is not one this service returned", problem.getMessage());
        }
    }
}
