package dev.flotilla.ui.commands;

import java.util.List;

/**
 * A view that can show given units (the Journal view): the journal command opens it and hands it the
 * selected units through this, when the view implements or adapts to it.
 */
public interface ShowsUnits {
    void showUnits(List<String> unitNames);
}
