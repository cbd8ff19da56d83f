package bookings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The /bookings resource: HTTP in and out; Bookings holds the SQL and the rules. */
@RestController
public class BookingController {
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final Bookings bookings;
    private final Idempotency idempotency;
    private final TransactionTemplate tx;

    public BookingController(Bookings bookings, Idempotency idempotency, TransactionTemplate tx) {
        this.bookings = bookings;
        this.idempotency = idempotency;
        this.tx = tx;
    }

    private static long id(String raw) {
        long id = Http.pathId(raw);
        if (id == 0) {
            throw Problem.notFound("There is no booking with that id");
        }
        return id;
    }

    private static ResponseEntity<Object> answer(Bookings.Booking booking) {
        return ResponseEntity.ok().header("ETag", Http.etag(booking.version())).body(booking.json());
    }

    private static Bookings.NewBooking newBooking(HttpServletRequest request) {
        Body body = new Body(Http.readObject(request), false);
        Long roomId = body.integer("room_id", 1, Long.MAX_VALUE, true);
        String title = body.string("title", 200, true);
        var startsAt = body.time("starts_at", true);
        var endsAt = body.time("ends_at", true);
        Long attendees = body.integer("attendees", 1, 1000, false);
        body.check();
        return new Bookings.NewBooking(roomId, title, attendees == null ? 1 : attendees.intValue(), startsAt, endsAt);
    }

    private static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw Problem.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        return key;
    }

    private record Created(Bookings.Booking booking, Idempotency.Replay replay) {}

    @PostMapping("/bookings")
    ResponseEntity<Object> create(HttpServletRequest request) {
        Bookings.NewBooking in = newBooking(request);
        String key = idempotencyKey(request);
        Created out = tx.execute(status -> {
            if (key != null) {
                Idempotency.Replay replay = idempotency.claim(key, in);
                if (replay != null) {
                    return new Created(null, replay);
                }
            }
            Bookings.Booking booking = bookings.insert(in);
            if (key != null) {
                idempotency.remember(key, 201, booking.json(), location(booking.id()));
            }
            return new Created(booking, null);
        });
        if (out.replay() != null) {
            return ResponseEntity.status(out.replay().status()).header("Location", out.replay().location())
                    .header("Idempotent-Replayed", "true").contentType(MediaType.APPLICATION_JSON)
                    .body(out.replay().body());
        }
        return ResponseEntity.status(201).header("Location", location(out.booking().id()))
                .header("ETag", Http.etag(out.booking().version())).body(out.booking().json());
    }

    private static String location(long id) {
        return "/bookings/" + id;
    }

    @GetMapping("/bookings")
    Map<String, Object> list(HttpServletRequest request) {
        QueryParams query = new QueryParams(request);
        var params = new Bookings.ListParams(query.optionalInteger("room_id", 1, Long.MAX_VALUE),
                query.oneOf("status", List.of("confirmed", "cancelled"), ""), query.time("from"), query.time("to"),
                query.oneOf("sort", Bookings.SORTS, "starts_at"), (int) query.integer("limit", 1, 100, 20),
                query.text("cursor", 500));
        query.check();
        if (params.from() != null && params.to() != null && !params.to().isAfter(params.from())) {
            throw Problem.invalid("to", "must be after from");
        }
        return bookings.list(params);
    }

    @GetMapping("/bookings/{id}")
    ResponseEntity<Object> get(@PathVariable String id) {
        return answer(bookings.find(id(id), false));
    }

    @PatchMapping("/bookings/{id}")
    ResponseEntity<Object> update(@PathVariable String id, HttpServletRequest request) {
        ObjectNode json = Http.readObject(request);
        Body body = new Body(json, true);
        String title = body.string("title", 200, true);
        var startsAt = body.time("starts_at", true);
        var endsAt = body.time("ends_at", true);
        Long attendees = body.integer("attendees", 1, 1000, true);
        body.check();
        var changes = new Bookings.Changes(title, attendees == null ? null : attendees.intValue(), startsAt, endsAt);
        long bookingId = id(id);
        Bookings.Booking updated = tx.execute(status -> {
            Bookings.Booking current = bookings.find(bookingId, true);
            Http.checkIfMatch(request, current.version());
            return bookings.update(current, changes);
        });
        return answer(updated);
    }

    @DeleteMapping("/bookings/{id}")
    ResponseEntity<Object> cancel(@PathVariable String id, HttpServletRequest request) {
        long bookingId = id(id);
        tx.executeWithoutResult(status -> {
            Bookings.Booking current = bookings.find(bookingId, true);
            Http.checkIfMatch(request, current.version());
            bookings.cancel(current);
        });
        return ResponseEntity.noContent().build();
    }
}
