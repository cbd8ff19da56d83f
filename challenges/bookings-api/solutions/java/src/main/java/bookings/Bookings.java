package bookings;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bookings table and its rules. The overlap rule lives in the database (the bookings_no_overlap
 * exclusion constraint), so two concurrent requests cannot both win; its violation becomes a 409.
 */
@Component
public class Bookings {
    private static final String COLUMNS =
            "id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM bookings WHERE id = ?";
    private static final String INSERT = "INSERT INTO bookings (room_id, title, attendees, starts_at, ends_at) "
            + "VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS;
    private static final String UPDATE = "UPDATE bookings SET title = ?, attendees = ?, starts_at = ?, ends_at = ?, "
            + "version = version + 1, updated_at = now() WHERE id = ? RETURNING " + COLUMNS;
    private static final String CANCEL =
            "UPDATE bookings SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = ?";
    static final Duration MAX_DURATION = Duration.ofHours(4);
    static final List<String> SORTS = List.of("starts_at", "-starts_at");
    private static final String EXCLUSION_VIOLATION = "23P01";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final JdbcTemplate jdbc;
    private final Rooms rooms;

    public Bookings(JdbcTemplate jdbc, Rooms rooms) {
        this.jdbc = jdbc;
        this.rooms = rooms;
    }

    /** A booking as the API shows it; version is its ETag. */
    record Booking(long id, long roomId, String title, int attendees, Instant startsAt, Instant endsAt, String status,
            int version, Instant createdAt, Instant updatedAt) {
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("room_id", roomId);
            out.put("title", title);
            out.put("attendees", attendees);
            out.put("starts_at", startsAt.toString());
            out.put("ends_at", endsAt.toString());
            out.put("status", status);
            out.put("created_at", createdAt.toString());
            out.put("updated_at", updatedAt.toString());
            return out;
        }
    }

    /** A validated new booking; its JSON (times in UTC, defaults applied) is the idempotency fingerprint. */
    record NewBooking(long roomId, String title, int attendees, Instant startsAt, Instant endsAt) {}

    /** The fields a PATCH sent; null means unchanged. */
    record Changes(String title, Integer attendees, Instant startsAt, Instant endsAt) {}

    private static Booking row(ResultSet rs, int n) throws SQLException {
        return new Booking(rs.getLong("id"), rs.getLong("room_id"), rs.getString("title"), rs.getInt("attendees"),
                instant(rs, "starts_at"), instant(rs, "ends_at"), rs.getString("status"), rs.getInt("version"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** One booking, locked for the rest of the transaction when lock is set; 404 if unknown. */
    Booking find(long id, boolean lock) {
        List<Booking> found = jdbc.query(lock ? SELECT + " FOR UPDATE" : SELECT, Bookings::row, id);
        if (found.isEmpty()) {
            throw Problem.notFound("Booking " + id + " does not exist");
        }
        return found.get(0);
    }

    static void checkTimes(Instant startsAt, Instant endsAt, boolean startChanged) {
        if (!endsAt.isAfter(startsAt)) {
            throw Problem.invalid("ends_at", "must be after starts_at");
        }
        if (Duration.between(startsAt, endsAt).compareTo(MAX_DURATION) > 0) {
            throw Problem.invalid("ends_at", "a booking may last at most " + MAX_DURATION.toHours() + " hours");
        }
        if (startChanged && startsAt.isBefore(Instant.now())) {
            throw Problem.invalid("starts_at", "must not be in the past");
        }
    }

    private static void checkCapacity(Rooms.Room room, int attendees) {
        if (attendees > room.capacity()) {
            throw Problem.invalid("attendees", "room " + room.id() + " holds at most " + room.capacity() + " people");
        }
    }

    private static Problem overlap(long roomId) {
        return Problem.conflict("Room " + roomId + " is already booked for part of that time");
    }

    private static Problem unknownRoom(long roomId) {
        return Problem.invalid("room_id", "room " + roomId + " does not exist");
    }

    /** Inserts a booking after checking the rules (run inside a transaction). */
    Booking insert(NewBooking in) {
        Rooms.Room room;
        try {
            room = rooms.find(in.roomId(), false);
        } catch (Problem missing) {
            throw unknownRoom(in.roomId());
        }
        checkTimes(in.startsAt(), in.endsAt(), true);
        checkCapacity(room, in.attendees());
        try {
            return jdbc.queryForObject(INSERT, Bookings::row, in.roomId(), in.title(), in.attendees(),
                    utc(in.startsAt()), utc(in.endsAt()));
        } catch (DataAccessException e) {
            String state = ProblemHandler.sqlState(e);
            if (state.equals(EXCLUSION_VIOLATION)) {
                throw overlap(in.roomId());
            }
            if (state.equals(FOREIGN_KEY_VIOLATION)) { // the room was deleted meanwhile
                throw unknownRoom(in.roomId());
            }
            throw e;
        }
    }

    /** Applies changes to a locked, confirmed booking (run inside a transaction). */
    Booking update(Booking current, Changes changes) {
        if (current.status().equals("cancelled")) {
            throw Problem.conflict("Booking " + current.id() + " is cancelled and cannot be changed");
        }
        String title = changes.title() != null ? changes.title() : current.title();
        int attendees = changes.attendees() != null ? changes.attendees() : current.attendees();
        Instant startsAt = changes.startsAt() != null ? changes.startsAt() : current.startsAt();
        Instant endsAt = changes.endsAt() != null ? changes.endsAt() : current.endsAt();
        checkTimes(startsAt, endsAt, changes.startsAt() != null);
        checkCapacity(rooms.find(current.roomId(), false), attendees);
        try {
            return jdbc.queryForObject(UPDATE, Bookings::row, title, attendees, utc(startsAt), utc(endsAt), current.id());
        } catch (DataAccessException e) {
            if (ProblemHandler.sqlState(e).equals(EXCLUSION_VIOLATION)) {
                throw overlap(current.roomId());
            }
            throw e;
        }
    }

    /** Cancels a locked booking; cancelling twice changes nothing. */
    void cancel(Booking current) {
        if (current.status().equals("confirmed")) {
            jdbc.update(CANCEL, current.id());
        }
    }

    /** The validated query of GET /bookings. */
    record ListParams(Long roomId, String status, Instant from, Instant to, String sort, int limit, String cursor) {}

    /** One page in starts_at order, by keyset on (starts_at, id). */
    Map<String, Object> list(ListParams p) {
        boolean desc = p.sort().equals("-starts_at");
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM bookings WHERE true");
        List<Object> args = new ArrayList<>();
        if (p.roomId() != null) {
            sql.append(" AND room_id = ?");
            args.add(p.roomId());
        }
        if (!p.status().isEmpty()) {
            sql.append(" AND status = ?");
            args.add(p.status());
        }
        if (p.from() != null) {
            sql.append(" AND ends_at > ?");
            args.add(utc(p.from()));
        }
        if (p.to() != null) {
            sql.append(" AND starts_at < ?");
            args.add(utc(p.to()));
        }
        if (!p.cursor().isEmpty()) {
            JsonNode[] after = Http.decodeCursor(p.cursor(), p.sort());
            Instant key = after[0].isTextual() ? Body.parseTime(after[0].asText()) : null;
            if (key == null) {
                throw Problem.badCursor();
            }
            sql.append(desc ? " AND (starts_at, id) < (?, ?)" : " AND (starts_at, id) > (?, ?)");
            args.add(utc(key));
            args.add(after[1].asLong());
        }
        sql.append(desc ? " ORDER BY starts_at DESC, id DESC" : " ORDER BY starts_at, id").append(" LIMIT ?");
        args.add(p.limit() + 1);
        List<Booking> rows = jdbc.query(sql.toString(), Bookings::row, args.toArray());
        return Pages.of(rows, p.limit(), Booking::json,
                last -> Http.encodeCursor(p.sort(), last.startsAt().toString(), last.id()));
    }
}
