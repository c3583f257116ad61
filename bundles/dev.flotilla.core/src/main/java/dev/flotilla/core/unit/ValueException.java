package dev.flotilla.core.unit;

/** A value could not be read as its type; {@link #offset()} is where in the value the problem starts. */
public final class ValueException extends Exception {
    private final int offset;

    public ValueException(int offset, String message) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }

    public ValueProblem toProblem() {
        return ValueProblem.error(offset, getMessage());
    }
}
