package dev.flotilla.core.unit;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * An {@code ExecStart=}-style value read as systemd does (config_parse_exec): words split with {@link Words}, a
 * word {@code ;} separating several commands ({@code \;} is a literal semicolon), and on each command's first word
 * the prefixes {@code - @ : + ! !! |} in any order, each at most once, {@code +} not together with {@code !}/{@code !!}.
 * The program must be an absolute path or a plain file name (looked up in systemd's fixed PATH). Specifiers
 * ({@code %i}...) must be resolved before parsing when running the line; the static check parses the raw value.
 *
 * @param commands the commands; empty when the value failed to parse (see problems) or was empty
 * @param problems errors (unbalanced quoting, bad prefixes, empty or relative path) and warnings
 */
public record ExecLine(List<ExecCommand> commands, List<ValueProblem> problems) {

    public ExecLine {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        for (ValueProblem p : problems) {
            if (p.severity() == Severity.ERROR) {
                return true;
            }
        }
        return false;
    }

    /** The first (usually only) command, or {@code null} when none could be read. */
    public ExecCommand first() {
        return commands.isEmpty() ? null : commands.get(0);
    }

    public static ExecLine parse(String value) {
        Words.Result r = Words.split(value);
        List<ValueProblem> problems = new ArrayList<>(r.problems());
        if (r.failed()) {
            return new ExecLine(List.of(), problems);
        }
        List<ExecCommand> commands = new ArrayList<>();
        List<Words.Word> current = new ArrayList<>();
        for (Words.Word w : r.words()) {
            if (w.text().equals(";")) {
                addCommand(current, commands, problems, w.start());
                current = new ArrayList<>();
            } else {
                current.add(w.text().equals("\\;") ? new Words.Word(";", w.start(), w.end()) : w);
            }
        }
        if (!current.isEmpty() || !commands.isEmpty()) {
            addCommand(current, commands, problems, value.length());
        }
        if (commands.isEmpty() && !r.words().isEmpty() && problems.stream().noneMatch(p -> p.severity() == Severity.ERROR)) {
            problems.add(ValueProblem.error(0, "no command; expected an executable path"));
        }
        return new ExecLine(commands, problems);
    }

    private static void addCommand(List<Words.Word> words, List<ExecCommand> out, List<ValueProblem> problems,
                                   int at) {
        if (words.isEmpty()) {
            problems.add(ValueProblem.error(at, "empty command around ';'; expected an executable path"));
            return;
        }
        Words.Word first = words.get(0);
        String f = first.text();
        EnumSet<ExecPrefix> prefixes = EnumSet.noneOf(ExecPrefix.class);
        int k = 0;
        while (k < f.length()) {
            char c = f.charAt(k);
            ExecPrefix p;
            if (c == '!' && k + 1 < f.length() && f.charAt(k + 1) == '!') {
                p = ExecPrefix.AMBIENT_FALLBACK;
            } else {
                p = switch (c) {
                    case '-' -> ExecPrefix.IGNORE_FAILURE;
                    case '@' -> ExecPrefix.ARGV0;
                    case ':' -> ExecPrefix.NO_ENVIRONMENT_EXPANSION;
                    case '+' -> ExecPrefix.FULL_PRIVILEGES;
                    case '!' -> ExecPrefix.NO_SETUID;
                    case '|' -> ExecPrefix.VIA_SHELL;
                    default -> null;
                };
            }
            if (p == null) {
                break;
            }
            boolean privConflict = (p == ExecPrefix.FULL_PRIVILEGES || p == ExecPrefix.NO_SETUID
                    || p == ExecPrefix.AMBIENT_FALLBACK)
                    && (prefixes.contains(ExecPrefix.FULL_PRIVILEGES) || prefixes.contains(ExecPrefix.NO_SETUID)
                    || prefixes.contains(ExecPrefix.AMBIENT_FALLBACK));
            if (prefixes.contains(p) || privConflict) {
                problems.add(ValueProblem.error(first.start() + k, "prefix " + UnitParser.quote(p.symbol())
                        + " cannot be combined with " + prefixSymbols(prefixes)
                        + "; each of - @ : + ! !! | may appear once, and + excludes ! and !!"));
                return;
            }
            prefixes.add(p);
            k += p.symbol().length();
        }
        String path = f.substring(k);
        int wordIdx = 1;
        if (path.isEmpty()) {
            problems.add(ValueProblem.error(first.start(), "empty executable path after prefixes "
                    + UnitParser.quote(f) + "; expected e.g. /usr/bin/program"));
            return;
        }
        // a leading specifier (%h/bin/x) is only known once resolved for a machine
        if (!path.startsWith("/") && !path.startsWith("%") && path.contains("/")) {
            problems.add(ValueProblem.error(first.start() + k, "executable path " + UnitParser.quote(path)
                    + " is neither absolute nor a plain file name; expected e.g. /usr/bin/program"));
            return;
        }
        List<String> argv = new ArrayList<>();
        if (prefixes.contains(ExecPrefix.ARGV0)) {
            if (words.size() < 2) {
                problems.add(ValueProblem.error(first.end(), "prefix \"@\" needs the argv[0] word after the path"));
                return;
            }
            argv.add(words.get(1).text());
            wordIdx = 2;
        } else {
            argv.add(path);
        }
        for (int w = wordIdx; w < words.size(); w++) {
            argv.add(words.get(w).text());
        }
        out.add(new ExecCommand(prefixes, path, argv));
    }

    private static String prefixSymbols(EnumSet<ExecPrefix> set) {
        StringBuilder b = new StringBuilder("\"");
        for (ExecPrefix p : set) {
            b.append(p.symbol());
        }
        return b.append('"').toString();
    }
}
