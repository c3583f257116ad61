package dev.flotilla.ui.editor.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.AnnotationModel;

import dev.flotilla.core.unit.Diagnostic;

/**
 * The shared model's problems as annotations: each {@link Diagnostic} marks the rest of its line from its column
 * (at least one character), with the diagnostic's own text as the hover. Replaced wholesale on every change.
 */
public final class ProblemAnnotations {

    public static final String ERROR = "dev.flotilla.ui.editor.error";
    public static final String WARNING = "dev.flotilla.ui.editor.warning";

    /** An annotation that keeps the diagnostic it shows. */
    public static final class Problem extends Annotation {
        private final Diagnostic diagnostic;

        Problem(Diagnostic d) {
            super(d.isError() ? ERROR : WARNING, false, message(d));
            this.diagnostic = d;
        }

        public Diagnostic diagnostic() {
            return diagnostic;
        }
    }

    private final AnnotationModel model = new AnnotationModel();

    public AnnotationModel model() {
        return model;
    }

    /** Replaces the annotations by the given problems, placed in {@code document}. */
    public void update(IDocument document, List<Diagnostic> diagnostics) {
        List<Annotation> old = new ArrayList<>();
        for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
            old.add(it.next());
        }
        java.util.Map<Annotation, Position> added = new java.util.LinkedHashMap<>();
        for (Diagnostic d : diagnostics) {
            added.put(new Problem(d), position(document, d));
        }
        model.replaceAnnotations(old.toArray(new Annotation[0]), added);
    }

    /** The problems shown now, in file order. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
            if (it.next() instanceof Problem p) {
                out.add(p);
            }
        }
        out.sort(java.util.Comparator.comparing(Problem::diagnostic, Diagnostic.ORDER));
        return out;
    }

    /** Where a diagnostic's line/column is in the document: from the column to the end of its line. */
    public static Position position(IDocument document, Diagnostic d) {
        try {
            if (d.line() <= 0 || document.getNumberOfLines() == 0) {
                return new Position(0, Math.min(1, document.getLength()));
            }
            int line = Math.min(d.line(), document.getNumberOfLines()) - 1;
            IRegion r = document.getLineInformation(line);
            int col = Math.max(0, Math.min(d.column() - 1, r.getLength()));
            int length = Math.max(1, r.getLength() - col);
            int offset = r.getOffset() + col;
            return new Position(offset, Math.min(length, Math.max(0, document.getLength() - offset)));
        } catch (BadLocationException e) {
            return new Position(0, 0);
        }
    }

    private static String message(Diagnostic d) {
        String where = d.section() != null && d.key() != null ? "[" + d.section() + "] " + d.key() + ": "
                : d.key() != null ? d.key() + ": " : "";
        return "line " + d.line() + ", column " + d.column() + ": " + where + d.message();
    }
}
