package dev.flotilla.ui.editor.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.core.unit.Entry;
import dev.flotilla.core.unit.UnitEditException;
import dev.flotilla.core.unit.UnitFile;
import dev.flotilla.core.unit.check.UnitChecker;

/**
 * A unit file being edited: the text in a JFace {@link IDocument} (what the source page shows), the bytes that text
 * stands for, and the parsed and checked {@link UnitFile}. Both editor pages change this one model: the source page
 * types into the document, the form page applies {@link UnitFile} edits ({@link #edit}), which replace only the
 * lines they touch. As long as the document text is the decoding of the last known bytes those bytes are what
 * {@link #bytes()} returns, so a file that was only opened, or only edited through the form, keeps every other byte
 * (line endings, missing final newline, invalid UTF-8). UI thread only.
 */
public final class UnitDocument {

    /** An edit of the parsed file, as the form page makes them. */
    @FunctionalInterface
    public interface Edit {
        void apply(UnitFile file) throws UnitEditException;
    }

    private final String unitName;
    private final IDocument document;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private byte[] knownBytes;
    private String knownText;
    private byte[] savedBytes;
    private UnitChecker.Result checked;

    /**
     * @param unitName the unit's name (e.g. {@code web.service}): names the file in problems and decides which
     *                 name-dependent checks apply
     */
    public UnitDocument(String unitName, byte[] bytes) {
        this.unitName = Objects.requireNonNull(unitName, "unitName");
        this.knownBytes = bytes.clone();
        this.knownText = decode(bytes);
        this.savedBytes = bytes.clone();
        this.document = new Document(knownText);
        reparse();
        document.addDocumentListener(new IDocumentListener() {
            @Override
            public void documentAboutToBeChanged(DocumentEvent event) {
                // nothing to do before
            }

            @Override
            public void documentChanged(DocumentEvent event) {
                reparse();
                listeners.forEach(Runnable::run);
            }
        });
    }

    public String unitName() {
        return unitName;
    }

    /** The text, for the source viewer. */
    public IDocument document() {
        return document;
    }

    /** The file as bytes: the original ones for every part the user did not retype. */
    public byte[] bytes() {
        String text = document.get();
        if (text.equals(knownText)) {
            return knownBytes.clone();
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The parsed file (read only: edit through {@link #edit}). */
    public UnitFile unit() {
        return checked.unit();
    }

    /** Every problem the shared model finds, in file order. */
    public List<Diagnostic> diagnostics() {
        return checked.diagnostics();
    }

    public boolean hasErrors() {
        return checked.hasErrors();
    }

    /** True when the bytes differ from the last saved (or opened) ones. */
    public boolean isDirty() {
        return !Arrays.equals(bytes(), savedBytes);
    }

    /** Records the current bytes as saved. */
    public void markSaved() {
        savedBytes = bytes();
        listeners.forEach(Runnable::run);
    }

    /** Called on the UI thread after every change, whichever page made it. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * Applies a form edit to the file and puts the result into the document, replacing only the changed span (so
     * undo, the caret and markers elsewhere are kept). A refused edit changes nothing.
     */
    public void edit(Edit edit) throws UnitEditException {
        UnitFile copy = UnitFile.parse(unitName, bytes());
        edit.apply(copy);
        byte[] next = copy.toBytes();
        String nextText = decode(next);
        String current = document.get();
        knownBytes = next;
        knownText = nextText;
        if (!nextText.equals(current)) {
            replaceChangedSpan(current, nextText);
        } else {
            listeners.forEach(Runnable::run);
        }
    }

    /** Replaces the whole text, as a reload from the cluster does; bytes become {@code bytes}. */
    public void reset(byte[] bytes) {
        knownBytes = bytes.clone();
        knownText = decode(bytes);
        document.set(knownText);
    }

    // ------------------------------------------------------------------- typed helpers for the form

    /** The last value of a single-valued key, "" when unset. */
    public String value(String section, String key) {
        return unit().value(section, key).orElse("");
    }

    /** The values of a list-valued key in effect (after the last reset). */
    public List<String> values(String section, String key) {
        return unit().values(section, key);
    }

    /** Sets a single-valued key; an empty value removes every assignment of it. */
    public void setValue(String section, String key, String value) throws UnitEditException {
        String v = value == null ? "" : value.strip();
        if (v.equals(value(section, key)) && (!v.isEmpty() || unit().entries(section, key).isEmpty())) {
            return;
        }
        edit(f -> {
            if (v.isEmpty()) {
                f.remove(section, key);
            } else {
                f.set(section, key, v);
            }
        });
    }

    /**
     * Makes a list-valued key hold exactly {@code values}: assignments in effect are rewritten in place, extra ones
     * removed, missing ones added after the section's last entry; an empty list removes every assignment.
     */
    public void setValues(String section, String key, List<String> values) throws UnitEditException {
        List<String> wanted = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                wanted.add(v.strip());
            }
        }
        if (wanted.equals(values(section, key)) && (!wanted.isEmpty() || unit().entries(section, key).isEmpty())) {
            return;
        }
        edit(f -> {
            if (wanted.isEmpty()) {
                f.remove(section, key);
                return;
            }
            List<Entry> old = List.copyOf(f.effectiveEntries(section, key));
            int common = Math.min(old.size(), wanted.size());
            for (int i = 0; i < common; i++) {
                Entry e = old.get(i);
                if (!e.value().equals(wanted.get(i))) {
                    f.setEntry(e, wanted.get(i));
                }
            }
            for (int i = common; i < old.size(); i++) {
                f.removeEntry(old.get(i));
            }
            for (int i = common; i < wanted.size(); i++) {
                f.add(section, key, wanted.get(i));
            }
        });
    }

    // ------------------------------------------------------------------- internals

    private void reparse() {
        // a *.unit file is a unit under a name given when it is submitted: skip the checks of the name itself
        checked = UnitChecker.check(unitName, unitName.endsWith(".unit") ? null : unitName, bytes());
    }

    private void replaceChangedSpan(String from, String to) {
        int prefix = 0;
        int max = Math.min(from.length(), to.length());
        while (prefix < max && from.charAt(prefix) == to.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && from.charAt(from.length() - 1 - suffix) == to.charAt(to.length() - 1 - suffix)) {
            suffix++;
        }
        try {
            document.replace(prefix, from.length() - prefix - suffix, to.substring(prefix, to.length() - suffix));
        } catch (BadLocationException impossible) {
            document.set(to);
        }
    }

    static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
