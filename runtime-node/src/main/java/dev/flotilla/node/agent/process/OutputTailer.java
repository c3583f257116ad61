package dev.flotilla.node.agent.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.function.BiConsumer;

/**
 * Follows a unit's captured output files ({@code stdout} and {@code stderr} in one directory) and hands every
 * complete line to a sink, woken by inotify (Java's {@link WatchService} on Linux) rather than by polling.
 *
 * <p>Files are truncated once read past {@link #TRUNCATE_AT} bytes while no unread data is in them, which keeps them
 * small: writers append ({@code O_APPEND}), so after a truncation they continue at offset 0. A write landing between
 * the size check and the truncation would be lost; the window is microseconds and only opens once per
 * {@link #TRUNCATE_AT} bytes. Read offsets are exposed so an agent can record them and a successor continue from
 * there (lines written while no agent ran are then journaled late, not lost).
 */
public final class OutputTailer implements AutoCloseable {
    /** Size after which a fully read output file is truncated. */
    public static final long TRUNCATE_AT = 256 * 1024;
    private static final int MAX_LINE = 16 * 1024;

    private final Source out;
    private final Source err;
    private final BiConsumer<Boolean, String> sink;
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param sink receives (isStderr, line) for each line, on the tailer's thread or on a {@link #drain()} caller
     */
    public OutputTailer(Path dir, String name, long stdoutOffset, long stderrOffset,
                        BiConsumer<Boolean, String> sink) throws IOException {
        Files.createDirectories(dir);
        this.out = new Source(dir.resolve("stdout"), stdoutOffset);
        this.err = new Source(dir.resolve("stderr"), stderrOffset);
        for (Source s : new Source[] {out, err}) {
            if (!Files.exists(s.file)) {
                Files.createFile(s.file);
            }
        }
        this.sink = sink;
        this.watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = new Thread(this::run, "output-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public Path stdoutFile() {
        return out.file;
    }

    public Path stderrFile() {
        return err.file;
    }

    public synchronized long stdoutOffset() {
        return out.offset;
    }

    public synchronized long stderrOffset() {
        return err.offset;
    }

    private void run() {
        try {
            while (!closed) {
                drain();
                var key = watcher.take();
                key.pollEvents();
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Reads everything written so far and delivers its complete lines. */
    public synchronized void drain() {
        read(out, false);
        read(err, true);
    }

    /** Delivers everything written so far, including a last line without a terminator. */
    public synchronized void flush() {
        drain();
        for (Source s : new Source[] {out, err}) {
            if (s.partial.size() > 0) {
                sink.accept(s == err, s.partial.toString(StandardCharsets.UTF_8));
                s.partial.reset();
            }
        }
    }

    private void read(Source s, boolean isErr) {
        try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < s.offset) { // truncated behind our back: start over
                s.offset = 0;
            }
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                buf.clear();
                int n = ch.read(buf, s.offset);
                if (n <= 0) {
                    break;
                }
                s.offset += n;
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') {
                        emit(s, isErr);
                    } else {
                        s.partial.write(b);
                        if (s.partial.size() >= MAX_LINE) {
                            emit(s, isErr);
                        }
                    }
                }
            }
            if (s.offset >= TRUNCATE_AT && ch.size() == s.offset) {
                ch.truncate(0);
                s.offset = 0;
            }
        } catch (IOException e) {
            // the directory went away (unit removed); nothing left to read
        }
    }

    private void emit(Source s, boolean isErr) {
        String line = s.partial.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        s.partial.reset();
        sink.accept(isErr, line);
    }

    @Override
    public void close() {
        closed = true;
        flush();
        try {
            watcher.close();
        } catch (IOException e) {
            // nothing to do
        }
        thread.interrupt();
    }

    private static final class Source {
        final Path file;
        long offset;
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Source(Path file, long offset) {
            this.file = file;
            this.offset = offset;
        }
    }
}
