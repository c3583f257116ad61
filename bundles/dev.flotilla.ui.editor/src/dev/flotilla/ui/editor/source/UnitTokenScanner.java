package dev.flotilla.ui.editor.source;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.ITokenScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;

import dev.flotilla.core.unit.SystemdKeys;
import dev.flotilla.core.unit.fleet.FleetRules;

/**
 * Colours a unit file the way systemd reads it, line by line: comments, {@code [Section]} headers, keys (known keys
 * of the section in one colour, unknown ones in another), the {@code =}, values with their {@code %} specifiers and
 * quoted strings, and continuation lines (a value line after one ending in a backslash is value, not a key).
 */
public final class UnitTokenScanner implements ITokenScanner {

    /** The kinds of token, also used by tests to read the colouring. */
    public enum Kind { COMMENT, SECTION, KEY, UNKNOWN_KEY, EQUALS, VALUE, SPECIFIER, QUOTED, CONTINUATION }

    private final IToken comment;
    private final IToken section;
    private final IToken key;
    private final IToken unknownKey;
    private final IToken equals;
    private final IToken value;
    private final IToken specifier;
    private final IToken quoted;
    private final IToken continuation;

    private IDocument document;
    private int end;
    private int pos;
    private int tokenOffset;
    private int tokenLength;
    /** Where the current line is in its scan: 0 line start, 1 in key, 2 after '=' (value). */
    private int state;
    private String currentSection;

    public UnitTokenScanner(Display display) {
        comment = token(display, new RGB(0x3f, 0x7f, 0x5f), SWT.ITALIC, Kind.COMMENT);
        section = token(display, new RGB(0x7f, 0x00, 0x55), SWT.BOLD, Kind.SECTION);
        key = token(display, new RGB(0x00, 0x00, 0xc0), SWT.NORMAL, Kind.KEY);
        unknownKey = token(display, new RGB(0xb0, 0x60, 0x00), SWT.NORMAL, Kind.UNKNOWN_KEY);
        equals = token(display, new RGB(0x60, 0x60, 0x60), SWT.NORMAL, Kind.EQUALS);
        value = token(display, new RGB(0x20, 0x20, 0x20), SWT.NORMAL, Kind.VALUE);
        specifier = token(display, new RGB(0x00, 0x80, 0x80), SWT.BOLD, Kind.SPECIFIER);
        quoted = token(display, new RGB(0x2a, 0x00, 0xff), SWT.NORMAL, Kind.QUOTED);
        continuation = token(display, new RGB(0x80, 0x80, 0x80), SWT.BOLD, Kind.CONTINUATION);
    }

    private static IToken token(Display display, RGB rgb, int style, Kind kind) {
        return new Token(new KindAttribute(new Color(display, rgb), style, kind));
    }

    /** A text attribute that remembers its kind. */
    public static final class KindAttribute extends TextAttribute {
        private final Kind kind;

        KindAttribute(Color foreground, int style, Kind kind) {
            super(foreground, null, style);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    @Override
    public void setRange(IDocument doc, int offset, int length) {
        this.document = doc;
        this.end = offset + length;
        try {
            int line = doc.getLineOfOffset(offset);
            IRegion info = doc.getLineInformation(line);
            // the presentation damager always starts at a line start; be safe if it did not
            pos = info.getOffset();
            tokenOffset = pos;
            tokenLength = 0;
            state = isContinuation(doc, line) ? 2 : 0;
            currentSection = sectionAbove(doc, line);
            if (pos < offset) {
                // scan up to offset silently so the state is right
                while (pos < offset) {
                    nextToken();
                }
            }
        } catch (BadLocationException e) {
            pos = offset;
            state = 0;
        }
    }

    @Override
    public IToken nextToken() {
        tokenOffset = pos;
        if (pos >= end) {
            tokenLength = 0;
            return Token.EOF;
        }
        char c = ch(pos);
        if (c == '\n' || c == '\r') {
            // a line break ends the line: a continued value goes on, anything else starts fresh
            boolean continued = state == 2 && endsWithBackslash(pos);
            while (pos < end && (ch(pos) == '\n' || ch(pos) == '\r')) {
                pos++;
                if (ch(pos - 1) == '\n') {
                    break;
                }
            }
            state = continued ? 2 : 0;
            return done(Token.WHITESPACE);
        }
        if (state == 0) {
            int first = pos;
            while (first < end && isBlank(ch(first))) {
                first++;
            }
            if (first > pos) {
                pos = first;
                return done(Token.WHITESPACE);
            }
            if (c == '#' || c == ';') {
                toLineEnd();
                return done(comment);
            }
            if (c == '[') {
                int start = pos;
                toLineEnd();
                String text = text(start, pos).strip();
                int close = text.indexOf(']');
                if (close > 1) {
                    currentSection = text.substring(1, close);
                }
                return done(section);
            }
            int start = pos;
            while (pos < end && ch(pos) != '=' && ch(pos) != '\n' && ch(pos) != '\r') {
                pos++;
            }
            String k = text(start, pos).strip();
            state = 1;
            return done(isKnown(k) ? key : unknownKey);
        }
        if (state == 1) {
            if (c == '=') {
                pos++;
                state = 2;
                return done(equals);
            }
            toLineEnd();
            return done(value);
        }
        // value
        if (c == '%' && pos + 1 < end && !isLineBreak(ch(pos + 1))) {
            pos += 2;
            return done(specifier);
        }
        if (c == '"' || c == '\'') {
            pos++;
            while (pos < end && ch(pos) != c && !isLineBreak(ch(pos))) {
                if (ch(pos) == '\\' && pos + 1 < end && !isLineBreak(ch(pos + 1))) {
                    pos++;
                }
                pos++;
            }
            if (pos < end && ch(pos) == c) {
                pos++;
            }
            return done(quoted);
        }
        if (c == '\\' && (pos + 1 >= end || isLineBreak(ch(pos + 1)))) {
            pos++;
            return done(continuation);
        }
        while (pos < end && !isLineBreak(ch(pos)) && ch(pos) != '%' && ch(pos) != '"' && ch(pos) != '\''
                && !(ch(pos) == '\\' && (pos + 1 >= end || isLineBreak(ch(pos + 1))))) {
            pos++;
        }
        if (pos == tokenOffset) {
            pos++;
        }
        return done(value);
    }

    private boolean isKnown(String k) {
        if (currentSection == null || k.startsWith("X-")) {
            return true;
        }
        if (FleetRules.SECTION.equals(currentSection)) {
            return FleetRules.KEYS.contains(k) || FleetRules.DEPRECATED.containsKey(k);
        }
        return !SystemdKeys.isKnownSection(currentSection) || SystemdKeys.isKnownKey(currentSection, k);
    }

    private IToken done(IToken t) {
        tokenLength = pos - tokenOffset;
        return t;
    }

    private void toLineEnd() {
        while (pos < end && !isLineBreak(ch(pos))) {
            pos++;
        }
    }

    private String text(int from, int to) {
        try {
            return document.get(from, to - from);
        } catch (BadLocationException e) {
            return "";
        }
    }

    private char ch(int i) {
        try {
            return document.getChar(i);
        } catch (BadLocationException e) {
            return '\n';
        }
    }

    private boolean endsWithBackslash(int lineBreakAt) {
        int i = lineBreakAt - 1;
        while (i >= 0 && isBlank(ch(i))) {
            i--;
        }
        return i >= 0 && ch(i) == '\\';
    }

    private static boolean isContinuation(IDocument doc, int line) throws BadLocationException {
        for (int l = line - 1; l >= 0; l--) {
            IRegion r = doc.getLineInformation(l);
            String text = doc.get(r.getOffset(), r.getLength()).stripTrailing();
            String lead = text.stripLeading();
            if (lead.startsWith("#") || lead.startsWith(";")) {
                continue; // comments inside a continuation do not end it
            }
            return text.endsWith("\\") && !lead.startsWith("[");
        }
        return false;
    }

    private static String sectionAbove(IDocument doc, int line) throws BadLocationException {
        for (int l = line - 1; l >= 0; l--) {
            IRegion r = doc.getLineInformation(l);
            String text = doc.get(r.getOffset(), r.getLength()).strip();
            if (text.startsWith("[") && text.indexOf(']') > 1) {
                return text.substring(1, text.indexOf(']'));
            }
        }
        return null;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    @Override
    public int getTokenOffset() {
        return tokenOffset;
    }

    @Override
    public int getTokenLength() {
        return tokenLength;
    }
}
