package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flotilla.core.api.KeyNode;
import dev.flotilla.core.api.KeysResponse;
import dev.flotilla.core.client.KeysResult;
import dev.flotilla.ui.keys.KeyEntry;
import dev.flotilla.ui.keys.KeyTree;

/** The browser's model: built from a recursive read, kept current by watch events, TTLs counted locally. */
class KeyTreeTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void loadsARecursiveReadAndCountsDownTtls() {
        KeyTree tree = new KeyTree();
        tree.load(KeyNode.directory(null, List.of(
                KeyNode.directory("/config", List.of(KeyNode.file("/config/a", "1", 3, 3)), 2, 2),
                new KeyNode("/lease", "x", false, null, "2030-01-01T00:00:00Z", 10, 4, 4)), 0, 0), 0);
        assertEquals(2, tree.root().keyCount());
        assertEquals("1", tree.find("/config/a").value());
        assertEquals(10L, tree.find("/lease").ttlLeft(0));
        assertEquals(7L, tree.find("/lease").ttlLeft(3 * SECOND));
        assertEquals(0L, tree.find("/lease").ttlLeft(11 * SECOND));
        assertNull(tree.find("/config/a").ttlLeft(0));
    }

    @Test
    void eventsChangeEntriesInPlaceAndSayWhatToRefresh() {
        KeyTree tree = new KeyTree();
        tree.load(KeyNode.directory(null, List.of(KeyNode.file("/a", "1", 1, 1)), 0, 0), 0);
        KeyEntry a = tree.find("/a");

        KeyTree.Change update = tree.apply(event("set", KeyNode.file("/a", "2", 5, 1)), 0);
        assertSame(a, update.entry(), "same entry object: the viewer keeps selection and expansion");
        assertFalse(update.structure());
        assertEquals("2", a.value());
        assertEquals(5, a.modifiedIndex());

        KeyTree.Change created = tree.apply(event("create", KeyNode.file("/d/e/f", "x", 6, 6)), 0);
        assertTrue(created.structure());
        assertSame(tree.root(), created.entry(), "the deepest directory that existed before: /d and /d/e are new");
        assertTrue(tree.find("/d").dir());
        assertEquals("x", tree.find("/d/e/f").value());

        KeyTree.Change sibling = tree.apply(event("create", KeyNode.file("/d/e/g", "y", 7, 7)), 0);
        assertEquals("/d/e", sibling.entry().key());

        KeyTree.Change deleted = tree.apply(event("expire", KeyNode.file("/d/e/f", null, 8, 6)), 0);
        assertEquals("/d/e", deleted.entry().key());
        assertNull(tree.find("/d/e/f"));

        KeyTree.Change dirGone = tree.apply(event("delete", KeyNode.directory("/d", null, 9, 6)), 0);
        assertSame(tree.root(), dirGone.entry());
        assertNull(tree.find("/d"));
        assertNull(tree.apply(event("delete", KeyNode.file("/never", null, 10, 10)), 0));
    }

    private static KeysResult event(String action, KeyNode node) {
        return new KeysResult(new KeysResponse(action, node, null), 0, 0, 0, null, null);
    }
}
