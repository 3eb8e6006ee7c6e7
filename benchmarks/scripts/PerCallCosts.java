import java.lang.management.ManagementFactory;
import java.lang.reflect.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Allocation (exact) and CPU time per call of pieces of the request path, in the jar on the class path: java -cp app-bootstrap/target/codex-lb.jar benchmarks/scripts/PerCallCosts.java (issue 19). */
public class PerCallCosts {
  static com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  interface Op { Object run() throws Exception; }
  static void measure(String name, Op op) throws Exception {
    Object sink = null;
    for (int i = 0; i < 20_000; i++) sink = op.run();
    long n = 20_000;
    long tid = Thread.currentThread().getId();
    long a0 = mx.getThreadAllocatedBytes(tid), c0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) sink = op.run();
    long a1 = mx.getThreadAllocatedBytes(tid), c1 = mx.getCurrentThreadCpuTime();
    System.out.printf("%-40s %8.0f bytes/op %8.2f us/op (CPU)%n", name, (a1 - a0) / (double) n, (c1 - c0) / 1000.0 / n);
    if (sink == null) System.out.println();
  }
  public static void main(String[] a) throws Exception {
    Class<?> pn = Class.forName("io.codexlb.adapter.chatgpt.PayloadNormalizer");
    Method normalize = pn.getDeclaredMethod("normalize", byte[].class); normalize.setAccessible(true);
    byte[] small = ("{\"model\":\"gpt-5.4\",\"instructions\":\"You are a load test.\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello.\"}]}],\"stream\":true,\"store\":false}").getBytes(StandardCharsets.UTF_8);
    StringBuilder big = new StringBuilder("{\"model\":\"gpt-5.4\",\"instructions\":\"" + "You are Codex, a coding agent. ".repeat(200) + "\",\"tools\":[");
    for (int i = 0; i < 20; i++) big.append(i > 0 ? "," : "").append("{\"type\":\"function\",\"name\":\"tool").append(i).append("\",\"description\":\"does things ").append("x".repeat(200)).append("\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"n\":{\"type\":\"number\",\"minimum\":0.5}},\"required\":[\"a\"]}}");
    big.append("],\"input\":[");
    for (int i = 0; i < 30; i++) big.append(i > 0 ? "," : "").append("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"").append("line of history ".repeat(20)).append("\"}]}");
    big.append("],\"stream\":true,\"store\":false,\"prompt_cache_key\":\"abc\",\"reasoning\":{\"effort\":\"medium\"}}");
    byte[] bigBytes = big.toString().getBytes(StandardCharsets.UTF_8);
    measure("normalize, harness body " + small.length + " B", () -> normalize.invoke(null, (Object) small));
    measure("normalize, Codex-like body " + bigBytes.length + " B", () -> normalize.invoke(null, (Object) bigBytes));

    Class<?> sp = Class.forName("io.codexlb.adapter.chatgpt.SseParser");
    Constructor<?> spc = sp.getDeclaredConstructor(int.class); spc.setAccessible(true);
    Method feed = sp.getDeclaredMethod("feed", byte[].class); feed.setAccessible(true);
    String resp = "{\"id\":\"resp_123\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"in_progress\",\"model\":\"gpt-5.4\",\"output\":[]}";
    String[][] ev = {
      {"response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":" + resp + "}"},
      {"response.in_progress", "{\"type\":\"response.in_progress\",\"sequence_number\":1,\"response\":" + resp + "}"},
      {"response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":2,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}"},
      {"response.content_part.added", "{\"type\":\"response.content_part.added\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}"},
      {"response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hello from the fake backend, load.\"}"},
      {"response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":5,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":\"Hello from the fake backend, load.\"}"},
      {"response.output_item.done", "{\"type\":\"response.output_item.done\",\"sequence_number\":6,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello from the fake backend, load.\",\"annotations\":[]}]}}"},
      {"response.completed", "{\"type\":\"response.completed\",\"sequence_number\":7,\"response\":{\"id\":\"resp_123\",\"status\":\"completed\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":21}}}"}};
    StringBuilder sse = new StringBuilder();
    for (String[] e : ev) sse.append("event: ").append(e[0]).append("\ndata: ").append(e[1]).append("\n\n");
    byte[] stream = sse.toString().getBytes(StandardCharsets.UTF_8);
    measure("SseParser.feed, 8 events " + stream.length + " B", () -> feed.invoke(spc.newInstance(16 << 20), (Object) stream));

    Class<?> ss = Class.forName("io.codexlb.adapter.http.SseStream");
    Class<?> ue = Class.forName("io.codexlb.domain.upstream.UpstreamEvent");
    Method frame = ss.getDeclaredMethod("frame", ue); frame.setAccessible(true);
    Class<?> passed = Class.forName("io.codexlb.domain.upstream.UpstreamEvent$Passed");
    Constructor<?> pc = passed.getDeclaredConstructor(String.class, String.class); pc.setAccessible(true);
    Object[] events = new Object[ev.length];
    for (int i = 0; i < ev.length; i++) events[i] = pc.newInstance(ev[i][0], ev[i][1]);
    measure("SseStream.frame x 8 events", () -> { Object last = null; for (Object e : events) last = frame.invoke(null, e); return last; });

    // The whole way of one answer's events from upstream's bytes to the client's: parsed, mapped
    // (EventMapper.map: with a Clock in later builds, an Instant before), framed.
    Class<?> em = Class.forName("io.codexlb.adapter.chatgpt.EventMapper");
    Class<?> se = Class.forName("io.codexlb.adapter.chatgpt.SseEvent");
    Method map;
    Object when;
    try {
      map = em.getDeclaredMethod("map", se, int.class, java.time.Clock.class);
      when = java.time.Clock.systemUTC();
    } catch (NoSuchMethodException before) {
      map = em.getDeclaredMethod("map", se, int.class, java.time.Instant.class);
      when = null;
    }
    map.setAccessible(true);
    Method mapper = map;
    Object clock = when;
    measure("parse + map, 8 events " + stream.length + " B", () -> {
      Object last = null;
      for (Object e : (List<?>) feed.invoke(spc.newInstance(16 << 20), (Object) stream)) {
        last = mapper.invoke(null, e, 200, clock != null ? clock : java.time.Instant.now());
      }
      return last;
    });
    measure("parse + map + frame, 8 events " + stream.length + " B", () -> {
      Object last = null;
      for (Object e : (List<?>) feed.invoke(spc.newInstance(16 << 20), (Object) stream)) {
        Object event = mapper.invoke(null, e, 200, clock != null ? clock : java.time.Instant.now());
        last = frame.invoke(null, event);
      }
      return last;
    });

    Class<?> pt = Class.forName("io.codexlb.domain.pricing.PriceTable");
    Class<?> tu = Class.forName("io.codexlb.domain.pricing.TokenUsage");
    Object prices = pt.getMethod("defaults").invoke(null);
    Object usage = tu.getConstructor(long.class, long.class, long.class).newInstance(1200L, 300L, 900L);
    Method cost = pt.getMethod("costMicros", String.class, tu);
    measure("PriceTable.costMicros", () -> cost.invoke(prices, "gpt-5.4", usage));

    Method keyHash = Class.forName("io.codexlb.domain.key.KeyHash").getMethod("of", String.class);
    String key = "sk-clb-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH".repeat(1);
    measure("KeyHash.of (the key check's hash)", () -> keyHash.invoke(null, key));
  }
}
