package io.chainwatch.app.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the JSON file a decode command is given, turning every way it can fail into one clear line. */
final class JsonInput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonInput() {
    }

    /** @throws UnreadableInputException naming the file: missing, a folder, unreadable, empty, or not one JSON value */
    static JsonNode read(Path file) throws UnreadableInputException {
        if (Files.isDirectory(file)) {
            throw new UnreadableInputException(file + ": a folder, not a file");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UnreadableInputException(file + ": not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new UnreadableInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UnreadableInputException(file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new UnreadableInputException(file + ": cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new UnreadableInputException(file + ": empty, expected JSON");
        }
        return root;
    }
}
