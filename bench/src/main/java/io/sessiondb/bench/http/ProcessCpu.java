package io.sessiondb.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a run's CPU went on this machine, from {@code /proc}: the JVMs (this one and the JVMs it started, a
 * distribution's server), every {@code postgres} process
 * (the backends and the server's own, ended backends included), {@code wrk} and {@code pgbench} (this
 * JVM's children, counted once they ended), all others, the context switches of the whole machine, and
 * the minor page faults of postgres and of the JVMs. Linux only; a snapshot taken before a run is subtracted from
 * one taken after it, and the difference is divided by the requests the run served.
 */
record ProcessCpu(long jvmTicks, long postgresTicks, long loadTicks, long allTicks, long contextSwitches, long postgresFaults,
                  long jvmFaults) {

    private static final double MICROS_PER_TICK = 1e6 / 100; // USER_HZ is 100 on Linux

    /** @return the CPU ticks used so far by each party, and the context switches since boot */
    static ProcessCpu now() {
        long self = ProcessHandle.current().pid();
        long[] sums = new long[5];
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    // CPU of children that ended and were waited for: wrk and pgbench are this JVM's, the
                    // backends of closed connections the postmaster's
                    long children = Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    if (Long.parseLong(p.getFileName().toString()) == self) {
                        sums[0] += ticks;
                        sums[2] += children;
                        sums[4] += Long.parseLong(f[7]);
                    } else if (comm.equals("java") && Long.parseLong(f[1]) == self) {
                        sums[0] += ticks; // a distribution's server JVM, started by this one
                        sums[4] += Long.parseLong(f[7]);
                    } else if (comm.equals("postgres")) {
                        sums[1] += ticks + children;
                        sums[3] += Long.parseLong(f[7]) + Long.parseLong(f[8]); // minor page faults, own and ended children's
                    } else if (comm.equals("wrk") || comm.equals("pgbench")) {
                        sums[2] += ticks;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended between the listing and the read
                }
            });
        } catch (IOException e) {
            return new ProcessCpu(0, 0, 0, 0, 0, 0, 0);
        }
        long all = 0;
        long ctxt = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                String[] f = line.split("\\s+");
                if (f[0].equals("cpu")) {
                    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy
                    all = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                            + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                } else if (f[0].equals("ctxt")) {
                    ctxt = Long.parseLong(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: zeros
        }
        return new ProcessCpu(sums[0], sums[1], sums[2], all, ctxt, sums[3], sums[4]);
    }

    /**
     * @return since {@code before}, per request: the CPU µs of the JVM, postgres, wrk/pgbench, the rest and all,
     * the context switches, and the minor page faults of postgres and of the JVMs
     */
    String perRequestSince(ProcessCpu before, long requests) {
        double n = Math.max(1, requests);
        long jvm = jvmTicks - before.jvmTicks;
        long pg = postgresTicks - before.postgresTicks;
        long load = loadTicks - before.loadTicks;
        long other = allTicks - before.allTicks - jvm - pg - load;
        return String.format(Locale.ROOT, "CPU us/req: JVM %.0f, postgres %.0f, wrk/pgbench %.0f, other %.0f, all %.0f; ctx switches/req %.1f; page faults/req: postgres %.1f, JVM %.1f",
                jvm * MICROS_PER_TICK / n, pg * MICROS_PER_TICK / n, load * MICROS_PER_TICK / n, other * MICROS_PER_TICK / n,
                (allTicks - before.allTicks) * MICROS_PER_TICK / n, (contextSwitches - before.contextSwitches) / n,
                (postgresFaults - before.postgresFaults) / n, (jvmFaults - before.jvmFaults) / n);
    }
}
