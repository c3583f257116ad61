package dev.flotilla.core.unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A systemd unit file kept losslessly: the list of its {@link Element}s (headers, entries with their continuation
 * layout, comments, blank lines, invalid lines) over the original bytes. {@link #toBytes()} of an unchanged file is
 * the input, byte for byte (line endings, missing final newline, trailing whitespace, invalid UTF-8 included); an
 * edit replaces only the lines of the entry it touches.
 *
 * <p>Reading follows systemd: a section may appear several times (its entries are merged in file order); a key
 * may repeat, and for list-valued keys an empty assignment ({@code Key=}) resets the list ({@link #values}); for
 * single-valued keys the last assignment wins ({@link #value}).
 *
 * <p>Parsing never throws: every problem becomes a {@link Diagnostic} ({@link #syntaxDiagnostics()}). Not
 * thread-safe; edits mutate the instance.
 */
public final class UnitFile {
    private final String fileName;
    private final ArrayList<Element> elements;
    private final LineEnding newline;
    /** section → key → entries in file order; built on first lookup, dropped by every edit. */
    private java.util.Map<String, java.util.Map<String, List<Entry>>> index;

    private UnitFile(String fileName, List<Element> elements, LineEnding newline) {
        this.fileName = fileName;
        this.elements = new ArrayList<>(elements);
        this.newline = newline;
        renumber();
    }

    /** Parses raw bytes; {@code fileName} is only used in diagnostics. */
    public static UnitFile parse(String fileName, byte[] bytes) {
        UnitParser.Result r = UnitParser.parse(bytes);
        return new UnitFile(fileName, r.elements(), r.dominantEnding());
    }

    /** Parses text (encoded as UTF-8 first). */
    public static UnitFile parse(String fileName, String text) {
        return parse(fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads and parses a file; its diagnostics name it by {@code path.toString()}. */
    public static UnitFile read(Path path) throws IOException {
        return parse(path.toString(), Files.readAllBytes(path));
    }

    public String fileName() {
        return fileName;
    }

    /** All elements in file order (read-only view). */
    public List<Element> elements() {
        return Collections.unmodifiableList(elements);
    }

    /** The file as bytes: identical to the input when nothing was edited. */
    public byte[] toBytes() {
        int size = 0;
        for (Element e : elements) {
            for (RawLine l : e.rawLines()) {
                size += l.length();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (Element e : elements) {
            for (RawLine l : e.rawLines()) {
                l.writeTo(out);
            }
        }
        return out.toByteArray();
    }

    /** The file as text (invalid UTF-8 shown as U+FFFD). */
    public String toText() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    /** An independent copy (edits to one do not affect the other). */
    public UnitFile copy() {
        return parse(fileName, toBytes());
    }

    /** Number of physical lines. */
    public int lineCount() {
        int n = 0;
        for (Element e : elements) {
            n += e.rawLines().size();
        }
        return n;
    }

    /** Problems of the file's syntax itself: invalid lines, bad headers, bad bytes, assignments outside sections. */
    public List<Diagnostic> syntaxDiagnostics() {
        List<Diagnostic> out = new ArrayList<>();
        for (Element e : elements) {
            for (Element.LocalProblem p : e.problems()) {
                out.add(new Diagnostic(fileName, e.line() + p.relativeLine(), p.column(), p.severity(), e.section(),
                        p.key() != null ? p.key() : (e instanceof Entry en ? en.key() : null), p.message()));
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------------- reading

    /** Distinct section names in order of first appearance. */
    public List<String> sectionNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Element e : elements) {
            if (e instanceof SectionHeader h) {
                names.add(h.name());
            }
        }
        return List.copyOf(names);
    }

    public boolean hasSection(String name) {
        if (index().containsKey(name)) {
            return true;
        }
        for (Element e : elements) {
            if (e instanceof SectionHeader h && h.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The headers of {@code name}, more than one when the section is repeated. */
    public List<SectionHeader> headers(String name) {
        List<SectionHeader> out = new ArrayList<>();
        for (Element e : elements) {
            if (e instanceof SectionHeader h && h.name().equals(name)) {
                out.add(h);
            }
        }
        return out;
    }

    /** Every entry inside a section, in file order (entries before the first header are left out). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (Element e : elements) {
            if (e instanceof Entry en && en.section() != null) {
                out.add(en);
            }
        }
        return out;
    }

    /** The entries of a section (all its occurrences merged), in file order. */
    public List<Entry> entries(String section) {
        List<Entry> out = new ArrayList<>();
        for (Element e : elements) {
            if (e instanceof Entry en && section.equals(en.section())) {
                out.add(en);
            }
        }
        return out;
    }

    /** The assignments of one key in a section, in file order, resets included. */
    public List<Entry> entries(String section, String key) {
        java.util.Map<String, List<Entry>> keys = index().get(section);
        List<Entry> l = keys == null ? null : keys.get(key);
        return l == null ? List.of() : Collections.unmodifiableList(l);
    }

    private java.util.Map<String, java.util.Map<String, List<Entry>>> index() {
        if (index == null) {
            java.util.Map<String, java.util.Map<String, List<Entry>>> idx = new java.util.HashMap<>();
            for (Element e : elements) {
                if (e instanceof Entry en && en.section() != null) {
                    idx.computeIfAbsent(en.section(), k -> new java.util.HashMap<>())
                            .computeIfAbsent(en.key(), k -> new ArrayList<>(2)).add(en);
                }
            }
            index = idx;
        }
        return index;
    }

    /** The entries of a list-valued key that are in effect: those after the last empty assignment. */
    public List<Entry> effectiveEntries(String section, String key) {
        List<Entry> all = entries(section, key);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).isEmpty()) {
                from = i + 1;
            }
        }
        return all.subList(from, all.size());
    }

    /** List semantics: the values of every assignment after the last empty one ({@code Key=} resets the list). */
    public List<String> values(String section, String key) {
        List<String> out = new ArrayList<>();
        for (Entry e : effectiveEntries(section, key)) {
            out.add(e.value());
        }
        return out;
    }

    /** Single-value semantics: the last assignment's value; empty when unset or reset by {@code Key=}. */
    public Optional<String> value(String section, String key) {
        return lastEntry(section, key).map(Entry::value).filter(v -> !v.isEmpty());
    }

    /** The last assignment of a key, if any. */
    public Optional<Entry> lastEntry(String section, String key) {
        List<Entry> all = entries(section, key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    // ----------------------------------------------------------------------------------------------- editing

    /**
     * Sets a single-valued key: replaces the value of its last assignment in the section (only that entry's line
     * changes; a continued entry becomes one line and comment lines inside it are kept after it), or adds an entry
     * when there is none.
     */
    public Entry set(String section, String key, String value) throws UnitEditException {
        checkSection(section);
        checkKey(key);
        Optional<Entry> last = lastEntry(section, key);
        if (last.isPresent()) {
            return setEntry(last.get(), value);
        }
        return add(section, key, value);
    }

    /** Replaces the value of one entry of this file. */
    public Entry setEntry(Entry entry, String value) throws UnitEditException {
        String v = checkValue(value);
        int idx = indexOf(entry);
        if (entry.section() == null) {
            throw new UnitEditException("entry " + entry.key() + " at line " + entry.line()
                    + " is outside of any section; edit a section's entry instead");
        }
        String first = entry.rawLines().get(0).text();
        int keyStart = entry.column() - 1;
        int eq = keyStart >= 0 && keyStart <= first.length() ? first.indexOf('=', keyStart) : -1;
        String prefix;
        if (eq < 0) {
            prefix = entry.key() + "=";
        } else {
            int vs = UnitParser.firstNonWhitespace(first, eq + 1);
            // keep the author's spacing after '=' only when the value started on this line
            prefix = (vs < first.length() && !v.isEmpty()) ? first.substring(0, vs) : first.substring(0, eq + 1);
        }
        List<RawLine> old = entry.rawLines();
        LineEnding ending = old.get(old.size() - 1).ending();
        List<Integer> commentIdx = entry.commentLineIndexes();
        LineEnding entryEnding = commentIdx.isEmpty() ? ending : lineEnding();
        Entry replacement = UnitParser.entryLine(prefix + v, entry.section(), entryEnding);
        List<Element> insert = new ArrayList<>();
        insert.add(replacement);
        for (int k = 0; k < commentIdx.size(); k++) {
            RawLine c = old.get(commentIdx.get(k));
            boolean lastOne = k == commentIdx.size() - 1;
            insert.add(new CommentLine(List.of(lastOne ? c.withEnding(ending)
                    : c.ending() == LineEnding.NONE ? c.withEnding(lineEnding()) : c), entry.section()));
        }
        elements.remove(idx);
        elements.addAll(idx, insert);
        renumber();
        return replacement;
    }

    /**
     * Adds an assignment after the last entry of the section (its last occurrence), creating the section at the end
     * of the file when it does not exist. Use it to append to list-valued keys.
     */
    public Entry add(String section, String key, String value) throws UnitEditException {
        checkSection(section);
        checkKey(key);
        String v = checkValue(value);
        int headerIdx = -1;
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) instanceof SectionHeader h && h.name().equals(section)) {
                headerIdx = i;
            }
        }
        if (headerIdx < 0) {
            List<Element> insert = new ArrayList<>();
            boolean endsWithoutNewline = endsWithoutNewline();
            if (!elements.isEmpty()) {
                terminateLastLine(elements.size() - 1);
                if (!(elements.get(elements.size() - 1) instanceof BlankLine)) {
                    insert.add(new BlankLine(List.of(RawLine.of("", lineEnding())), lastSection()));
                }
            }
            insert.add(UnitParser.headerLine(section, lineEnding()));
            Entry added = UnitParser.entryLine(key + "=" + v, section,
                    endsWithoutNewline ? LineEnding.NONE : lineEnding());
            insert.add(added);
            elements.addAll(insert);
            renumber();
            return added;
        }
        int insertAt = headerIdx + 1;
        for (int i = headerIdx + 1; i < elements.size(); i++) {
            Element e = elements.get(i);
            if (e instanceof SectionHeader) {
                break;
            }
            if (e instanceof Entry || e instanceof InvalidLine) {
                insertAt = i + 1;
            }
        }
        LineEnding ending = lineEnding();
        Element before = elements.get(insertAt - 1);
        List<RawLine> beforeLines = before.rawLines();
        if (beforeLines.get(beforeLines.size() - 1).ending() == LineEnding.NONE) {
            terminateLastLine(insertAt - 1);
            ending = LineEnding.NONE; // the new line becomes the file's last, still without newline
        }
        Entry added = UnitParser.entryLine(key + "=" + v, section, ending);
        elements.add(insertAt, added);
        renumber();
        return added;
    }

    /** Removes every assignment of a key in a section; returns how many were removed. */
    public int remove(String section, String key) {
        int removed = 0;
        for (Entry e : List.copyOf(entries(section, key))) {
            try {
                removeEntry(e);
                removed++;
            } catch (UnitEditException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return removed;
    }

    /** Removes one entry; comment lines inside its continuation stay as comments. */
    public void removeEntry(Entry entry) throws UnitEditException {
        int idx = indexOf(entry);
        List<RawLine> old = entry.rawLines();
        LineEnding ending = old.get(old.size() - 1).ending();
        List<Element> keep = new ArrayList<>();
        List<Integer> commentIdx = entry.commentLineIndexes();
        for (int k = 0; k < commentIdx.size(); k++) {
            RawLine c = old.get(commentIdx.get(k));
            keep.add(new CommentLine(List.of(k == commentIdx.size() - 1 ? c.withEnding(ending) : c), entry.section()));
        }
        elements.remove(idx);
        elements.addAll(idx, keep);
        if (keep.isEmpty() && ending == LineEnding.NONE && idx > 0 && idx == elements.size()) {
            // the removed entry was the last line without newline: keep the file without final newline
            Element prev = elements.get(idx - 1);
            List<RawLine> pl = new ArrayList<>(prev.rawLines());
            RawLine last = pl.get(pl.size() - 1);
            if (last.ending() != LineEnding.NONE) {
                pl.set(pl.size() - 1, last.withEnding(LineEnding.NONE));
                elements.set(idx - 1, rebuild(prev, pl));
            }
        }
        renumber();
    }

    // ----------------------------------------------------------------------------------------------- internals

    private int indexOf(Entry entry) throws UnitEditException {
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i) == entry) {
                return i;
            }
        }
        throw new UnitEditException("entry " + entry.key() + " is not part of this file (it was replaced or removed)");
    }

    private LineEnding lineEnding() {
        return newline;
    }

    private boolean endsWithoutNewline() {
        if (elements.isEmpty()) {
            return false;
        }
        List<RawLine> l = elements.get(elements.size() - 1).rawLines();
        return l.get(l.size() - 1).ending() == LineEnding.NONE;
    }

    private String lastSection() {
        return elements.isEmpty() ? null : elements.get(elements.size() - 1).section();
    }

    private void terminateLastLine(int elementIndex) {
        Element e = elements.get(elementIndex);
        List<RawLine> lines = new ArrayList<>(e.rawLines());
        RawLine last = lines.get(lines.size() - 1);
        if (last.ending() == LineEnding.NONE) {
            lines.set(lines.size() - 1, last.withEnding(lineEnding()));
            elements.set(elementIndex, rebuild(e, lines));
        }
    }

    /** The same element over new raw lines whose text is unchanged (only an ending differs). */
    private static Element rebuild(Element e, List<RawLine> lines) {
        if (e instanceof Entry en) {
            return en.withLines(lines);
        }
        if (e instanceof SectionHeader h) {
            return new SectionHeader(lines, h.name(), h.problems());
        }
        if (e instanceof CommentLine) {
            return new CommentLine(lines, e.section());
        }
        if (e instanceof BlankLine) {
            return new BlankLine(lines, e.section());
        }
        return new InvalidLine(lines, e.section(), e.problems());
    }

    private void renumber() {
        index = null;
        int line = 1;
        for (Element e : elements) {
            e.firstLine = line;
            line += e.rawLines().size();
        }
    }

    private static void checkSection(String section) throws UnitEditException {
        if (section == null || section.isEmpty()) {
            throw new UnitEditException("section name must not be empty");
        }
        if (!section.strip().equals(section)) {
            throw new UnitEditException("section name " + UnitParser.quote(section)
                    + " must not start or end with whitespace");
        }
        for (int i = 0; i < section.length(); i++) {
            char c = section.charAt(i);
            if (c == '[' || c == ']' || c < 0x20 || c == 0x7f) {
                throw new UnitEditException("section name " + UnitParser.quote(section)
                        + " must not contain brackets or control characters");
            }
        }
    }

    private static void checkKey(String key) throws UnitEditException {
        if (key == null || key.isEmpty()) {
            throw new UnitEditException("key must not be empty");
        }
        char c0 = key.charAt(0);
        if (c0 == '#' || c0 == ';' || c0 == '[') {
            throw new UnitEditException("key " + UnitParser.quote(key) + " must not start with '#', ';' or '['");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '=' || Character.isWhitespace(c) || c < 0x20 || c == 0x7f) {
                throw new UnitEditException("key " + UnitParser.quote(key)
                        + " must not contain '=', whitespace or control characters");
            }
        }
    }

    private static String checkValue(String value) throws UnitEditException {
        if (value == null) {
            throw new UnitEditException("value must not be null (use an empty value to reset a list)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\0') {
                throw new UnitEditException("value must be a single line without NUL; found "
                        + (c == '\0' ? "NUL" : "a line break") + " at index " + i);
            }
        }
        String v = value.strip();
        int s = UnitParser.firstNonWhitespace(v, 0);
        int e = UnitParser.lastNonWhitespaceEnd(v, v.length());
        v = s >= e ? "" : v.substring(s, e);
        if (UnitParser.endsWithUnescapedBackslash(v)) {
            throw new UnitEditException("value must not end with a single backslash (it would continue the line); "
                    + "write \\\\ for a literal backslash");
        }
        return v;
    }

    @Override
    public String toString() {
        return toText();
    }
}
