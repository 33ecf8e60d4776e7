package io.chainwatch.alerts.channel;

import io.chainwatch.alerts.Alert;
import io.chainwatch.alerts.AlertChannel;
import io.chainwatch.alerts.Delivery;
import io.chainwatch.alerts.Notification;
import io.chainwatch.core.config.AlertChannelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Alerts as JSON lines, one object per alert, appended to a file and rotated by size.
 *
 * <p>Crash safety: a notification's lines go to the file in one append and, with {@code fsync}, are on
 * the disk before the delivery counts as done. A crash in the middle of an append leaves at most one torn
 * last line; when the file is opened again a line break is added after it, so every later line parses and
 * a reader skips the one torn line. Rotation renames the file atomically ({@code alerts.jsonl} becomes
 * {@code alerts.jsonl.1}, older ones shift up, the oldest beyond {@code keepFiles} is deleted).
 *
 * <p>The open file and its size are owned by whoever holds {@link #lock}; deliveries may come from any thread.
 */
public final class FileChannel implements AlertChannel {
    private static final Logger LOG = LoggerFactory.getLogger(FileChannel.class);
    private static final byte NEWLINE = '\n';

    private final AlertChannelConfig.File config;
    private final ReentrantLock lock = new ReentrantLock();
    private java.nio.channels.FileChannel file;
    private long size;

    public FileChannel(AlertChannelConfig.File config) {
        this.config = config;
        try {
            Path parent = config.path().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            open();
        } catch (IOException e) {
            throw new IllegalArgumentException("alert channel " + config.name() + ": cannot open " + config.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery deliver(Notification notification) {
        byte[] bytes = lines(notification);
        lock.lock();
        try {
            if (file == null) {
                open();
            }
            if (size > 0 && size + bytes.length > config.maxBytes()) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                size += file.write(buffer);
            }
            if (config.fsync()) {
                file.force(false);
            }
            return new Delivery.Delivered(notification.alerts().size() + " lines written");
        } catch (IOException e) {
            closeQuietly(); // reopened on the next delivery, which seals a torn line first
            LOG.warn("alert channel {}: cannot write {}: {}", config.name(), config.path(), e.toString());
            return new Delivery.Failed("cannot write " + config.path() + ": " + e.getMessage(), true, Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    private byte[] lines(Notification n) {
        StringBuilder sb = new StringBuilder();
        for (Alert a : n.alerts()) {
            sb.append(AlertText.jsonLine(n, a, config.name())).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Opens for appending; seals a torn last line left by a crash with a line break. */
    private void open() throws IOException {
        boolean torn = false;
        if (Files.exists(config.path()) && Files.size(config.path()) > 0) {
            try (var read = java.nio.channels.FileChannel.open(config.path(), StandardOpenOption.READ)) {
                ByteBuffer last = ByteBuffer.allocate(1);
                read.read(last, read.size() - 1);
                torn = last.get(0) != NEWLINE;
            }
        }
        file = java.nio.channels.FileChannel.open(config.path(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        size = file.size();
        if (torn) {
            size += file.write(ByteBuffer.wrap(new byte[]{NEWLINE}));
        }
    }

    private void rotate() throws IOException {
        closeQuietly();
        Path base = config.path();
        Files.deleteIfExists(rotated(base, config.keepFiles()));
        for (int i = config.keepFiles() - 1; i >= 1; i--) {
            if (Files.exists(rotated(base, i))) {
                Files.move(rotated(base, i), rotated(base, i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(base, rotated(base, 1), StandardCopyOption.ATOMIC_MOVE);
        open();
    }

    static Path rotated(Path base, int index) {
        return base.resolveSibling(base.getFileName() + "." + index);
    }

    private void closeQuietly() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("alert channel {}: closing {} failed: {}", config.name(), config.path(), e.toString());
            }
            file = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileChannel[" + config.name() + ", " + config.path() + "]";
    }
}
