package io.sessiondb.cli.migrate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a command did: as text, printed as it goes (one line per problem, never a full session id) and
 * summed up at the end; or, for {@code --json}, kept and returned as one {@link Json} record.
 */
final class MigrationReport {

    private final PrintWriter out;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final List<Problem> problemList = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private int done;
    private int failed;
    private int problems;
    private int sessionsWithProblems;

    /** @param out where text goes as it happens, or {@code null} to keep everything for {@link #json} */
    MigrationReport(PrintWriter out) {
        this.out = out;
    }

    /** Counts a session carried over (or, for check, read). */
    void done() {
        done++;
    }

    /** Counts a session left out on purpose, by reason. */
    void skipped(String why) {
        skipped.merge(why, 1, Integer::sum);
    }

    /** Prints and counts a session that could not be carried over. */
    void failed(String id, String why) {
        failed++;
        if (out == null) {
            failures.add(new Failure(LegacySession.shortId(id), why));
        } else {
            out.println("  FAILED  session " + LegacySession.shortId(id) + ": " + why);
        }
    }

    /** Prints the problems of one session, if any, and counts them. */
    void problems(Iterable<AttributeProblem> list) {
        int before = problems;
        for (AttributeProblem problem : list) {
            problems++;
            if (out == null) {
                problemList.add(Problem.of(problem));
            } else {
                out.println("  " + problem.describe());
            }
        }
        if (problems > before) {
            sessionsWithProblems++;
        }
    }

    /** Prints a line as it is (text only). */
    void line(String text) {
        if (out != null) {
            out.println(text);
        }
    }

    int failed() {
        return failed;
    }

    int problems() {
        return problems;
    }

    /** @return e.g. {@code 12 imported, 3 skipped (2 already in sessiondb, 1 expired), 0 failed; 2 attributes ...} */
    String summary(String doneWord, String problemWords) {
        int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text = new StringBuilder().append(done).append(' ').append(doneWord)
                .append(", ").append(skippedTotal).append(" skipped");
        if (skippedTotal > 0) {
            StringBuilder reasons = new StringBuilder();
            skipped.forEach((why, n) -> reasons.append(reasons.length() == 0 ? "" : ", ").append(n).append(' ').append(why));
            text.append(" (").append(reasons).append(')');
        }
        text.append(", ").append(failed).append(" failed; ").append(problems).append(' ').append(problemWords);
        if (problems > 0) {
            text.append(" in ").append(sessionsWithProblems).append(sessionsWithProblems == 1 ? " session" : " sessions");
        }
        return text.toString();
    }

    /**
     * @param command  import or check
     * @param source   what was read
     * @param target   where it was written ({@code table (app X)}), or {@code null} for check and dry runs
     * @return the report as the JSON of {@code import --json} and {@code check --json}
     */
    Json json(String command, String source, String target, boolean dryRun) {
        int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
        return new Json(command, source, target, dryRun, done, skippedTotal, Map.copyOf(skipped), failed, problems,
                sessionsWithProblems, List.copyOf(problemList), List.copyOf(failures));
    }

    /**
     * The JSON of {@code import} and {@code check}.
     *
     * @param sessions             sessions imported (check, dry run: read and carried over whole or in part)
     * @param skippedBy            sessions skipped, by reason (expired, already in sessiondb, ...)
     * @param attributeProblems    attributes left out (import) or that will not survive (check)
     */
    record Json(String command, String source, String target, boolean dryRun, int sessions, int skipped,
                Map<String, Integer> skippedBy, int failed, int attributeProblems, int sessionsWithProblems,
                List<Problem> problems, List<Failure> failures) {
    }

    /** One attribute that did not (or will not) survive; the session id is shortened. */
    record Problem(String session, String attribute, String className, String reason, String detail) {
        static Problem of(AttributeProblem p) {
            return new Problem(LegacySession.shortId(p.sessionId()), p.name(), p.className(), p.reason().text(), p.detail());
        }
    }

    /** One session that could not be carried over; the session id is shortened. */
    record Failure(String session, String reason) {
    }
}
