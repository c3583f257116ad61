package dev.flotilla.node.cloudconfig;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in a cloud-config file; {@link #NONE} when a problem concerns the whole file. */
public record Position(int line, int column) {

    public static final Position NONE = new Position(0, 0);
    public static final Position START = new Position(1, 1);

    /** SnakeYAML marks are 0-based; users and editors count from 1. */
    static Position of(Mark mark) {
        return mark == null ? NONE : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    public boolean isKnown() {
        return line > 0;
    }
}
