package dev.flotilla.core.unit;

/** A 1-based line and column in a unit file. */
public record Position(int line, int column) { }
