package io.sessiondb.migrate;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a command did, printed as it goes (one line per problem, never a full session id) and
 * summed up at the end.
 */
final class MigrationReport {

    private final PrintStream out;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private int done;
    private int failed;
    private int problems;
    private int sessionsWithProblems;

    MigrationReport(PrintStream out) {
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
        out.println("  FAILED  session " + LegacySession.shortId(id) + ": " + why);
    }

    /** Prints the problems of one session, if any, and counts them. */
    void problems(Iterable<AttributeProblem> list) {
        int before = problems;
        for (AttributeProblem problem : list) {
            problems++;
            out.println("  " + problem.describe());
        }
        if (problems > before) {
            sessionsWithProblems++;
        }
    }

    /** Prints a line as it is. */
    void line(String text) {
        out.println(text);
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
}
