package dev.vigil.samples.ios.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * An NSURLCache database ({@code Cache.db}) with the iOS 13-26 schema of
 * {@code cfurl_cache_response} (entry_ID, version, hash_value, storage_policy, request_key,
 * time_stamp as UTC text, partition), {@code cfurl_cache_blob_data} and
 * {@code cfurl_cache_receiver_data}, as in the public iLEAPP test image.
 */
public final class CacheDb {
    public record Row(String url, String timeStamp) {}

    private CacheDb() {}

    public static byte[] build(List<Row> rows) throws IOException {
        Path tmp = Files.createTempFile("cachedb", ".sqlite");
        try {
            Files.delete(tmp);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE cfurl_cache_response(entry_ID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, version INTEGER, hash_value INTEGER, "
                        + "storage_policy INTEGER, request_key TEXT UNIQUE, time_stamp NOT NULL DEFAULT CURRENT_TIMESTAMP, partition TEXT)");
                st.execute("CREATE TABLE cfurl_cache_blob_data(entry_ID INTEGER PRIMARY KEY, response_object BLOB, request_object BLOB, proto_props BLOB, user_info BLOB)");
                st.execute("CREATE TABLE cfurl_cache_receiver_data(entry_ID INTEGER PRIMARY KEY, isDataOnFS INTEGER, receiver_data BLOB)");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cfurl_cache_response(version, hash_value, storage_policy, request_key, time_stamp, partition) VALUES (0, ?, 0, ?, ?, NULL)")) {
                    for (Row r : rows) {
                        ps.setLong(1, r.url().hashCode());
                        ps.setString(2, r.url());
                        ps.setString(3, r.timeStamp());
                        ps.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
