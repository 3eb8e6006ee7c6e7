package io.codexlb.benchmarks.load;

import com.sun.management.ThreadMXBean;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a child JVM's own counters over JMX (its local management agent, started by attaching to
 * it): the bytes its live threads have allocated and the CPU time they have used, summed. Both
 * count work done, not time passed, so their difference over a fixed number of requests, divided by
 * it, does not depend on how loaded the machine is (the allocation is exact). Threads that end
 * between two reads take their share with them; the proxy's event loops and workers live as long as
 * it does. Each read costs the child a little of both (the JMX call itself), a fixed amount shown
 * by {@link #readCost()}.
 */
final class JvmProbe implements AutoCloseable {

  /** The child's threads' totals at one moment. */
  record Totals(long allocatedBytes, long threadCpuNanos) {
    Totals minus(Totals earlier) {
      return new Totals(
          allocatedBytes - earlier.allocatedBytes, threadCpuNanos - earlier.threadCpuNanos);
    }
  }

  private final JMXConnector connector;
  private final ThreadMXBean threads;
  private final Totals readCost;

  private JvmProbe(JMXConnector connector, ThreadMXBean threads) {
    this.connector = connector;
    this.threads = threads;
    // Two reads in a row: what a read itself costs the child (its JMX threads' work).
    read();
    Totals first = read();
    this.readCost = read().minus(first);
  }

  /**
   * Attaches to process {@code pid}; empty (with the reason printed) when it cannot.
   *
   * <p>BanJNDI is about JNDI lookups of addresses an attacker chooses; this one is the local
   * connector address the harness's own child JVM reports through the attach API (a Unix socket
   * only the same user can open), on loopback, in a benchmark that is never deployed.
   */
  @SuppressWarnings("BanJNDI")
  static Optional<JvmProbe> attach(long pid) {
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      String address;
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
      JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      MBeanServerConnection server = connector.getMBeanServerConnection();
      ThreadMXBean threads =
          ManagementFactory.newPlatformMXBeanProxy(
              server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
      return Optional.of(new JvmProbe(connector, threads));
    } catch (Exception cannotAttach) {
      System.err.println(
          "load-harness: cannot read codex-lb's JVM counters (pid " + pid + "): " + cannotAttach);
      return Optional.empty();
    }
  }

  /** The live threads' allocated bytes and CPU time, summed. */
  Totals read() {
    long[] ids = threads.getAllThreadIds();
    long allocated = 0;
    for (long bytes : threads.getThreadAllocatedBytes(ids)) {
      allocated += Math.max(0, bytes);
    }
    long cpu = 0;
    for (long nanos : threads.getThreadCpuTime(ids)) {
      cpu += Math.max(0, nanos);
    }
    return new Totals(allocated, cpu);
  }

  /** What one {@link #read()} costs the child. */
  Totals readCost() {
    return readCost;
  }

  @Override
  public void close() {
    try {
      connector.close();
    } catch (IOException alreadyGone) {
      // The child has stopped: nothing is left to close.
    }
  }
}
