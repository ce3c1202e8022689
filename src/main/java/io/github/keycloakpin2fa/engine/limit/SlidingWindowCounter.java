package io.github.keycloakpin2fa.engine.limit;

import io.github.keycloakpin2fa.engine.time.Limit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sliding window of {@link SlidingWindowLog} in bounded space, so that deciding costs the
 * same whether a window holds no events or millions: what storage keeps per key is a short list of
 * {@link Slot slots}, each the number of events whose time is at most its {@code end}.
 *
 * <p><b>Small limits are exact.</b> When {@code attempts <= }{@link #EXACT_UP_TO}, every event is
 * its own slot ({@code end} = its time, in ms): decisions and waits are those of
 * {@link SlidingWindowLog}, and at most {@code attempts} slots are kept.
 *
 * <p><b>Large limits are a bounded approximation.</b> Above that, events are counted in
 * {@link #SLOTS_PER_WINDOW} slots per window: an event at {@code t} is counted in the slot that ends
 * at the last millisecond of {@code t}'s period of length {@code g = ceil(T / SLOTS_PER_WINDOW)}. A
 * slot counts while its end is in the window, so an event counts as if it had happened at its
 * slot's end, at most {@code g - 1} ms late. Hence, for a limit {@code N/T}:
 * <ul>
 * <li>never more than {@code N} events are allowed in any interval {@code [a, a + T)} (as exact);
 * <li>an event is refused only if at least {@code N} events were allowed in
 *     {@code (now - T - (g - 1), now]}: the window is at most 1% longer than {@code T} (for
 *     Infobip's default {@code 10000/1d}, 864 s more);
 * <li>at most {@code SLOTS_PER_WINDOW + 1} slots are kept.
 * </ul>
 * The tests prove these bounds against {@link SlidingWindowLog}. Events later than {@code now}
 * (clock skew between nodes) count as in the window.
 */
public final class SlidingWindowCounter {

    /** Limits of at most this many attempts are counted exactly. */
    public static final int EXACT_UP_TO = 100;
    /** Larger limits count their window in this many slots. */
    public static final int SLOTS_PER_WINDOW = 100;

    /**
     * Events up to a time.
     *
     * @param end the latest time (epoch ms) any of these events can have happened
     * @param count how many events, at least 1
     */
    public record Slot(long end, int count) {

        /** Checks that count is positive. */
        public Slot {
            if (count < 1) {
                throw new IllegalArgumentException("a slot counts at least one event");
            }
        }
    }

    /**
     * A decision and what to store for the key.
     *
     * @param decision allowed or refused with its wait
     * @param slots the slots still in the window, oldest first, including the new event when allowed
     * @param expiresAt when all of them have left the window (epoch ms): the key may be forgotten then
     */
    public record Result(LimitDecision decision, List<Slot> slots, long expiresAt) {

        /** Copies the slots. */
        public Result {
            Objects.requireNonNull(decision, "decision");
            slots = List.copyOf(slots);
        }
    }

    private SlidingWindowCounter() {
    }

    /** The width of one slot for {@code limit} in ms: 1 (exact) for small limits. */
    public static long granularity(Limit limit) {
        if (limit.attempts() <= EXACT_UP_TO) {
            return 1;
        }
        long window = windowMillis(limit);
        return Math.max(1, window / SLOTS_PER_WINDOW + (window % SLOTS_PER_WINDOW == 0 ? 0 : 1));
    }

    /**
     * Decides whether an event at {@code nowMillis} is allowed.
     *
     * @param stored the key's slots, oldest first (as a previous result left them); null counts as none
     */
    public static Result tryAcquire(List<Slot> stored, Limit limit, long nowMillis) {
        Objects.requireNonNull(limit, "limit");
        long window = windowMillis(limit);
        long windowStart = saturatedSubtract(nowMillis, window);
        List<Slot> live = new ArrayList<>();
        long total = 0;
        if (stored != null) {
            for (Slot slot : stored) {
                if (slot.end() > windowStart) {
                    live.add(slot);
                    total += slot.count();
                }
            }
        }
        int attempts = limit.attempts();
        if (total < attempts) {
            long g = granularity(limit);
            long end = g == 1 ? nowMillis : saturatedAdd(Math.floorDiv(nowMillis, g) * g, g - 1);
            add(live, end);
            trimToNewest(live, attempts);
            return new Result(LimitDecision.allow(), live, expiry(live, window));
        }
        trimToNewest(live, attempts);
        // The wait: until enough of the oldest slots have left for the total to fall below N.
        long remaining = live.stream().mapToLong(Slot::count).sum();
        long freesAt = Long.MAX_VALUE;
        for (Slot slot : live) {
            remaining -= slot.count();
            if (remaining < attempts) {
                freesAt = saturatedAdd(slot.end(), window);
                break;
            }
        }
        return new Result(LimitDecision.refuse(Duration.ofMillis(Math.max(1, freesAt - nowMillis))), live, expiry(live, window));
    }

    /**
     * How many events the slots hold in the window of length {@code windowMillis} ending at
     * {@code nowMillis}: those of every slot whose end is in it (as {@link #tryAcquire} counts).
     */
    public static long count(List<Slot> stored, long windowMillis, long nowMillis) {
        long windowStart = saturatedSubtract(nowMillis, windowMillis);
        long total = 0;
        for (Slot slot : stored == null ? List.<Slot>of() : stored) {
            if (slot.end() > windowStart) {
                total += slot.count();
            }
        }
        return total;
    }

    /** Adds one event at {@code end}, keeping the slots sorted (an earlier end comes from clock skew). */
    private static void add(List<Slot> slots, long end) {
        int i = slots.size();
        while (i > 0 && slots.get(i - 1).end() > end) {
            i--;
        }
        if (i > 0 && slots.get(i - 1).end() == end) {
            Slot merged = slots.get(i - 1);
            slots.set(i - 1, new Slot(end, merged.count() == Integer.MAX_VALUE ? merged.count() : merged.count() + 1));
        } else {
            slots.add(i, new Slot(end, 1));
        }
    }

    /** Drops the oldest slots that the newest {@code attempts} events do not need. */
    private static void trimToNewest(List<Slot> slots, int attempts) {
        long newer = 0;
        for (int i = slots.size() - 1; i >= 0; i--) {
            if (newer >= attempts) {
                slots.subList(0, i + 1).clear();
                return;
            }
            newer += slots.get(i).count();
        }
    }

    private static long expiry(List<Slot> slots, long window) {
        return slots.isEmpty() ? 0 : saturatedAdd(slots.get(slots.size() - 1).end(), window);
    }

    static long windowMillis(Limit limit) {
        try {
            return limit.window().toDuration().toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * The slots as compact text for storage: base-36 ends, each after the first as the distance
     * from the one before, and {@code *count} where more than one event shares a slot, such as
     * {@code lz3k9w0a,1c,2s*14}. At most a few kB for any limit.
     */
    public static String encode(List<Slot> slots) {
        StringBuilder text = new StringBuilder(slots.size() * 8);
        long previous = 0;
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (i > 0) {
                text.append(',');
            }
            text.append(Long.toString(i == 0 ? slot.end() : slot.end() - previous, 36));
            if (slot.count() > 1) {
                text.append('*').append(Integer.toString(slot.count(), 36));
            }
            previous = slot.end();
        }
        return text.toString();
    }

    /** Reads {@link #encode}'s text; unreadable text counts as no slots (the key starts afresh). */
    public static List<Slot> decode(String text) {
        List<Slot> slots = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return slots;
        }
        try {
            long previous = 0;
            for (String part : text.split(",")) {
                int star = part.indexOf('*');
                long value = Long.parseLong(star < 0 ? part : part.substring(0, star), 36);
                int count = star < 0 ? 1 : Integer.parseInt(part.substring(star + 1), 36);
                long end = slots.isEmpty() ? value : previous + value;
                slots.add(new Slot(end, count));
                previous = end;
            }
            return slots;
        } catch (RuntimeException unreadable) {
            return new ArrayList<>();
        }
    }
}
