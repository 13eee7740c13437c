package org.keyledger.query.activity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.RepeatingWork;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last hour of this query service, per minute, for the console's charts: verifies by outcome (the
 * {@code ledger.verify} timers' counts), the highest projection lag seen ({@code ledger.projection.lag}), and the
 * ledger's changes by type, counted from the event store by each event's own time (so every query service counts
 * every change, whoever made it). Sampled every {@link #TICK_SECONDS} into at most {@link #MINUTES} minutes held in
 * memory; a restart starts the verify and lag history afresh, as the meters themselves do.
 */
public class RecentMetrics extends RepeatingWork {

    static final int MINUTES = 60;
    static final long TICK_SECONDS = 5;
    static final List<String> OUTCOMES = List.of("valid", "invalid", "rejected", "unavailable");
    static final List<String> CHANGES = List.of("created", "updated", "revoked", "deleted");
    /** At start, how many of the latest events are read back for the hour's changes. */
    static final int EVENTS_READ_BACK = 10_000;
    /** At most this many events counted a tick: more than a busy ledger appends in one. */
    static final int EVENTS_READ_A_TICK = 200_000;
    /** The events counted, by their stored payload type (an import is not a change of the charts). */
    private static final Map<String, String> CHANGE_OF_PAYLOAD = Map.of(ApiKeyCreated.class.getName(), "created",
            ApiKeyUpdated.class.getName(), "updated", ApiKeyRevoked.class.getName(), "revoked",
            ApiKeyDeleted.class.getName(), "deleted");
    private static final long MINUTE_MILLIS = 60_000;

    /** One minute: verifies by outcome and the highest lag (null where this service did not run), changes by type. */
    public record Minute(long minute, Map<String, Long> verifies,
                         @JsonProperty("projection_lag_seconds") Double projectionLagSeconds,
                         Map<String, Long> events) {
    }

    private record Closed(long minute, long[] verifies, Double lag) {
    }

    private final MeterRegistry meters;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Deque<Closed> closed = new ArrayDeque<>();
    private final TreeMap<Long, long[]> changes = new TreeMap<>();
    private long currentMinute;
    private long[] verifiesAtMinuteStart;
    private Double currentMaxLag;
    private Long position;

    public RecentMetrics(MeterRegistry meters, JdbcClient jdbc, Clock clock) {
        super("recent-metrics", Duration.ofSeconds(TICK_SECONDS));
        this.meters = meters;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The hour up to now, oldest minute first, the current (partial) minute last. */
    public synchronized List<Minute> lastHour() {
        tick();
        long now = minuteOf(clock.millis());
        Map<Long, Closed> byMinute = new LinkedHashMap<>();
        closed.forEach(minute -> byMinute.put(minute.minute(), minute));
        long[] live = verifyCounts();
        byMinute.put(currentMinute, new Closed(currentMinute, minus(live, verifiesAtMinuteStart), currentMaxLag));
        List<Minute> hour = new ArrayList<>(MINUTES);
        for (long minute = now - (MINUTES - 1) * MINUTE_MILLIS; minute <= now; minute += MINUTE_MILLIS) {
            Closed sample = byMinute.get(minute);
            hour.add(new Minute(minute, sample == null ? null : named(OUTCOMES, sample.verifies()),
                    sample == null ? null : sample.lag(), named(CHANGES, changes.getOrDefault(minute, new long[4]))));
        }
        return hour;
    }

    /** Closes the minute that has ended, if any, notes the lag and counts the events appended since last time. */
    synchronized void tick() {
        long minute = minuteOf(clock.millis());
        Double lag = lagSeconds();
        if (minute != currentMinute) {
            long[] counts = verifyCounts();
            closed.addLast(new Closed(currentMinute, minus(counts, verifiesAtMinuteStart), currentMaxLag));
            verifiesAtMinuteStart = counts;
            currentMinute = minute;
            currentMaxLag = lag;
        } else if (lag != null && (currentMaxLag == null || lag > currentMaxLag)) {
            currentMaxLag = lag;
        }
        countNewEvents();
        long oldest = minute - (MINUTES - 1) * MINUTE_MILLIS;
        while (!closed.isEmpty() && closed.peekFirst().minute() < oldest) {
            closed.removeFirst();
        }
        changes.headMap(oldest).clear();
    }

    /**
     * Counted by PostgreSQL from the events' types and times, a minute and type a row: reading them as messages had a
     * thread deserialise every event of a busy ledger (an import's thousands a second) to count a few.
     */
    private void countNewEvents() {
        jdbc.sql("""
                        select payload_type, left(time_stamp, 16) as minute, count(*) as events,
                               max(global_index) as last
                        from (select global_index, payload_type, time_stamp from domain_event_entry
                              where global_index > ? order by global_index limit ?) as new_events
                        group by payload_type, left(time_stamp, 16)""")
                .params(position == null ? -1 : position, EVENTS_READ_A_TICK)
                .query(rows -> {
                    position = Math.max(position == null ? -1 : position, rows.getLong("last"));
                    String change = CHANGE_OF_PAYLOAD.get(rows.getString("payload_type"));
                    if (change != null) {
                        // Axon writes an event's time as ISO-8601 in UTC: its first 16 characters are its minute
                        long minute = Instant.parse(rows.getString("minute") + ":00Z").toEpochMilli();
                        changes.computeIfAbsent(minute, m -> new long[CHANGES.size()])[CHANGES.indexOf(change)]
                                += rows.getLong("events");
                    }
                });
    }

    private long[] verifyCounts() {
        long[] counts = new long[OUTCOMES.size()];
        for (int i = 0; i < counts.length; i++) {
            Timer timer = meters.find("ledger.verify").tag("outcome", OUTCOMES.get(i)).timer();
            counts[i] = timer == null ? 0 : timer.count();
        }
        return counts;
    }

    private Double lagSeconds() {
        Gauge gauge = meters.find("ledger.projection.lag").gauge();
        double value = gauge == null ? Double.NaN : gauge.value();
        return Double.isFinite(value) ? value : null; // +Inf until first measured
    }

    private static long[] minus(long[] a, long[] b) {
        long[] difference = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = Math.max(0, a[i] - b[i]);
        }
        return difference;
    }

    private static Map<String, Long> named(List<String> names, long[] values) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values[i]);
        }
        return map;
    }

    private static long minuteOf(long millis) {
        return millis - Math.floorMod(millis, MINUTE_MILLIS);
    }

    @Override
    protected void runOnce() {
        tick();
    }

    /** Counts from now on; the hour's changes from the latest events already in the store. */
    @Override
    public synchronized void start() {
        currentMinute = minuteOf(clock.millis());
        verifiesAtMinuteStart = verifyCounts();
        long last = jdbc.sql("select coalesce(max(global_index), -1) from domain_event_entry").query(Long.class).single();
        position = last < EVENTS_READ_BACK ? null : last - EVENTS_READ_BACK;
        super.start();
    }
}
