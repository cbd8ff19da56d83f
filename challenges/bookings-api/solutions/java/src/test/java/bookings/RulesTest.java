package bookings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static final Instant NINE = Instant.parse("2099-05-01T09:00:00Z");

    @Test
    void timesNeedAnOffset() {
        assertNull(Body.parseTime("2030-05-01T09:00:00"));
        assertEquals(Instant.parse("2030-05-01T07:00:00Z"), Body.parseTime("2030-05-01T09:00:00+02:00"));
        assertNotNull(Body.parseTime("2030-05-01T09:00:00.250Z"));
    }

    @Test
    void aBookingLastsAtMostFourHours() {
        Bookings.checkTimes(NINE, NINE.plusSeconds(4 * 3600), true);
        assertThrows(Problem.class, () -> Bookings.checkTimes(NINE, NINE.plusSeconds(4 * 3600 + 1), true));
    }

    @Test
    void endsAtMustBeAfterStartsAt() {
        Problem problem = assertThrows(Problem.class, () -> Bookings.checkTimes(NINE, NINE, true));
        assertEquals(422, problem.status());
    }

    @Test
    void aCursorRemembersItsSort() {
        String cursor = Http.encodeCursor("name", "Atlas", 7);
        assertEquals(7, Http.decodeCursor(cursor, "name")[1].asLong());
        assertThrows(Problem.class, () -> Http.decodeCursor(cursor, "-name"));
        assertThrows(Problem.class, () -> Http.decodeCursor("not-a-cursor", "name"));
    }
}
