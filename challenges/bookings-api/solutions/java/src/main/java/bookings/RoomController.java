package bookings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The /rooms resource: HTTP in and out; Rooms holds the SQL. */
@RestController
public class RoomController {
    private final Rooms rooms;
    private final TransactionTemplate tx;

    public RoomController(Rooms rooms, TransactionTemplate tx) {
        this.rooms = rooms;
        this.tx = tx;
    }

    private record Fields(String name, Long capacity) {}

    private static Fields fields(HttpServletRequest request, boolean partial) {
        ObjectNode json = Http.readObject(request);
        Body body = new Body(json, partial);
        Fields fields = new Fields(body.string("name", 100, true), body.integer("capacity", 1, 1000, true));
        body.check();
        return fields;
    }

    private static ResponseEntity<Object> answer(int status, Rooms.Room room) {
        return ResponseEntity.status(status).header("ETag", Http.etag(room.version())).body(room.json());
    }

    private static long id(String raw) {
        long id = Http.pathId(raw);
        if (id == 0) {
            throw Problem.notFound("There is no room with that id");
        }
        return id;
    }

    @PostMapping("/rooms")
    ResponseEntity<Object> create(HttpServletRequest request) {
        Fields in = fields(request, false);
        Rooms.Room room = rooms.create(in.name(), in.capacity().intValue());
        return ResponseEntity.status(201).header("Location", "/rooms/" + room.id())
                .header("ETag", Http.etag(room.version())).body(room.json());
    }

    @GetMapping("/rooms")
    Map<String, Object> list(HttpServletRequest request) {
        QueryParams query = new QueryParams(request);
        String q = query.text("q", 100);
        Long minCapacity = query.optionalInteger("min_capacity", 1, 1_000_000);
        String sort = query.oneOf("sort", Rooms.SORTS, "name");
        int limit = (int) query.integer("limit", 1, 100, 20);
        String cursor = query.text("cursor", 500);
        query.check();
        return rooms.list(q, minCapacity, sort, limit, cursor);
    }

    @GetMapping("/rooms/{id}")
    ResponseEntity<Object> get(@PathVariable String id) {
        return answer(200, rooms.find(id(id), false));
    }

    @PatchMapping("/rooms/{id}")
    ResponseEntity<Object> update(@PathVariable String id, HttpServletRequest request) {
        Fields changes = fields(request, true);
        long roomId = id(id);
        Rooms.Room updated = tx.execute(status -> {
            Rooms.Room current = rooms.find(roomId, true);
            Http.checkIfMatch(request, current.version());
            String name = changes.name() != null ? changes.name() : current.name();
            int capacity = changes.capacity() != null ? changes.capacity().intValue() : current.capacity();
            return rooms.update(roomId, name, capacity);
        });
        return answer(200, updated);
    }

    @DeleteMapping("/rooms/{id}")
    ResponseEntity<Object> delete(@PathVariable String id, HttpServletRequest request) {
        long roomId = id(id);
        tx.executeWithoutResult(status -> {
            Http.checkIfMatch(request, rooms.find(roomId, true).version());
            rooms.delete(roomId);
        });
        return ResponseEntity.noContent().build();
    }
}
