package bookings;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The rooms table: reading, writing and listing rooms (no HTTP here, only SQL and the rules). */
@Component
public class Rooms {
    static final String COLUMNS = "id, name, capacity, version, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM rooms WHERE id = ?";
    private static final String INSERT = "INSERT INTO rooms (name, capacity) VALUES (?, ?) RETURNING " + COLUMNS;
    private static final String UPDATE = "UPDATE rooms SET name = ?, capacity = ?, version = version + 1, "
            + "updated_at = now() WHERE id = ? RETURNING " + COLUMNS;
    private static final String DELETE = "DELETE FROM rooms WHERE id = ?";
    private static final String HAS_CONFIRMED =
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE room_id = ? AND status = 'confirmed')";
    static final List<String> SORTS = List.of("name", "-name", "capacity", "-capacity");
    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcTemplate jdbc;

    public Rooms(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A room as the API shows it; version is its ETag. */
    record Room(long id, String name, int capacity, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("name", name);
            out.put("capacity", capacity);
            out.put("created_at", createdAt.toInstant().toString());
            out.put("updated_at", updatedAt.toInstant().toString());
            return out;
        }
    }

    private static Room row(ResultSet rs, int n) throws SQLException {
        return new Room(rs.getLong("id"), rs.getString("name"), rs.getInt("capacity"), rs.getInt("version"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** One room, locked for the rest of the transaction when lock is set; 404 if unknown. */
    Room find(long id, boolean lock) {
        List<Room> found = jdbc.query(lock ? SELECT + " FOR UPDATE" : SELECT, Rooms::row, id);
        if (found.isEmpty()) {
            throw Problem.notFound("Room " + id + " does not exist");
        }
        return found.get(0);
    }

    private static Problem nameTaken(String name) {
        return Problem.conflict("A room named '" + name + "' already exists");
    }

    /** Inserts a room; 409 when the name is taken regardless of case. */
    Room create(String name, int capacity) {
        try {
            return jdbc.queryForObject(INSERT, Rooms::row, name, capacity);
        } catch (org.springframework.dao.DataAccessException e) {
            if (ProblemHandler.sqlState(e).equals(UNIQUE_VIOLATION)) {
                throw nameTaken(name);
            }
            throw e;
        }
    }

    /** Writes the new name and capacity of a locked room (run inside a transaction). */
    Room update(long id, String name, int capacity) {
        try {
            return jdbc.queryForObject(UPDATE, Rooms::row, name, capacity, id);
        } catch (org.springframework.dao.DataAccessException e) {
            if (ProblemHandler.sqlState(e).equals(UNIQUE_VIOLATION)) {
                throw nameTaken(name);
            }
            throw e;
        }
    }

    /** Deletes a locked room that has no confirmed bookings (its cancelled ones go with it). */
    void delete(long id) {
        if (Boolean.TRUE.equals(jdbc.queryForObject(HAS_CONFIRMED, Boolean.class, id))) {
            throw Problem.conflict("Room " + id + " still has confirmed bookings; cancel them first");
        }
        jdbc.update(DELETE, id);
    }

    /** Keyset condition and order of each sort: constant SQL, chosen by the validated ?sort=. */
    private static final Map<String, String[]> ORDERS = Map.of(
            "name", new String[] {" AND (name, id) > (?, ?)", " ORDER BY name, id"},
            "-name", new String[] {" AND (name, id) < (?, ?)", " ORDER BY name DESC, id DESC"},
            "capacity", new String[] {" AND (capacity, id) > (?, ?)", " ORDER BY capacity, id"},
            "-capacity", new String[] {" AND (capacity, id) < (?, ?)", " ORDER BY capacity DESC, id DESC"});

    /** One page in the requested order, by keyset on (sort column, id). */
    Map<String, Object> list(String q, Long minCapacity, String sort, int limit, String cursor) {
        boolean byName = sort.endsWith("name");
        String[] order = ORDERS.get(sort);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM rooms WHERE true");
        List<Object> args = new ArrayList<>();
        if (!q.isEmpty()) {
            sql.append(" AND name ILIKE ?");
            args.add("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (minCapacity != null) {
            sql.append(" AND capacity >= ?");
            args.add(minCapacity);
        }
        if (!cursor.isEmpty()) {
            JsonNode[] after = Http.decodeCursor(cursor, sort);
            if (byName ? !after[0].isTextual() : !after[0].isIntegralNumber()) {
                throw Problem.badCursor();
            }
            sql.append(order[0]);
            args.add(byName ? after[0].asText() : (Object) after[0].asLong());
            args.add(after[1].asLong());
        }
        sql.append(order[1]).append(" LIMIT ?");
        args.add(limit + 1);
        List<Room> rows = jdbc.query(sql.toString(), Rooms::row, args.toArray());
        return Pages.of(rows, limit, Room::json,
                last -> Http.encodeCursor(sort, byName ? last.name() : last.capacity(), last.id()));
    }
}
