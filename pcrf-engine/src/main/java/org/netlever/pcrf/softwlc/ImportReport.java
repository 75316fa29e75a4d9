package org.netlever.pcrf.softwlc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SoftWlcImport} did: the subscribers stored (or, in a dry run, that would be), those kept because
 * netlever already had them, and every document skipped with its place and reason.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param dryRun whether nothing was stored
 * @param imported the subscribers stored (would be, in a dry run), in the order of the scripts export
 * @param kept the subscribers netlever already had, kept as they were (no overwrite asked for)
 * @param skipped the documents not imported, in the order they were found
 */
public record ImportReport(boolean dryRun, List<Imported> imported, List<String> kept, List<Skipped> skipped) {

    /** Copies the lists. */
    public ImportReport {
        imported = List.copyOf(imported);
        kept = List.copyOf(kept);
        skipped = List.copyOf(skipped);
    }

    /**
     * Whether every document was imported or kept.
     *
     * @return true when nothing was skipped
     */
    public boolean complete() {
        return skipped.isEmpty();
    }

    /**
     * The report as an operator reads it: a line per skipped document, then the counts.
     *
     * @return the lines
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Imported i : imported) {
            lines.add((dryRun ? "would import " : "imported ") + i);
        }
        for (String k : kept) {
            lines.add("kept         " + k + " (netlever already has its state)");
        }
        for (Skipped s : skipped) {
            lines.add("skipped      " + s);
        }
        lines.add((dryRun ? "dry run: " : "") + imported.size() + (dryRun ? " to import, " : " imported, ")
                + kept.size() + " kept, " + skipped.size() + " skipped");
        return lines;
    }

    /**
     * A subscriber stored. Immutable and thread-safe.
     *
     * @param userName the subscriber
     * @param tariffCode the tariff plan it was put on
     * @param step its step
     */
    public record Imported(String userName, String tariffCode, int step) {

        /** Checks that nothing is missing. */
        public Imported {
            Objects.requireNonNull(userName, "userName");
            Objects.requireNonNull(tariffCode, "tariffCode");
        }

        @Override
        public String toString() {
            return userName + " on " + tariffCode + ", step " + step;
        }
    }

    /**
     * A document not imported. Immutable and thread-safe.
     *
     * @param source the export it is in, e.g. {@code scripts.json}
     * @param line its line number, from 1
     * @param userName its {@code user_name}, empty when it has none that can be read
     * @param reason why
     */
    public record Skipped(String source, int line, String userName, String reason) {

        /** Checks that nothing is missing. */
        public Skipped {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(userName, "userName");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return source + ":" + line + (userName.isEmpty() ? "" : " " + userName) + ": " + reason;
        }
    }
}
