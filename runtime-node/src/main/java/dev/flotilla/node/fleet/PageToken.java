package dev.flotilla.node.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * fleet's page token: page size and page number as two little-endian uint16, base64 (URL alphabet, padded). Tokens
 * are interchangeable with fleet's: a token fleet issued for the same page size is accepted here and vice versa.
 */
record PageToken(int limit, int page) {

    static PageToken first(int limit) {
        return new PageToken(limit, 1);
    }

    PageToken next() {
        return new PageToken(limit, page + 1);
    }

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) limit).putShort((short) page);
        return Base64.getUrlEncoder().encodeToString(b.array());
    }

    /** The token of a request, or the first page; the exception's message is fleet's reply text. */
    static PageToken parse(List<String> values, int limit) {
        if (values == null || values.isEmpty()) return first(limit);
        if (values.size() > 1) throw new IllegalArgumentException("too many values for page token");
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(values.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value of nextPageToken query parameter");
        }
        if (raw.length < 4) throw new IllegalArgumentException("invalid value of nextPageToken query parameter");
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        PageToken t = new PageToken(Short.toUnsignedInt(b.getShort()), Short.toUnsignedInt(b.getShort()));
        if (t.limit != limit) throw new IllegalArgumentException("token limit must be " + limit);
        if (t.page == 0) throw new IllegalArgumentException("token page must be greater than zero");
        return t;
    }

    /**
     * The slice of {@code all} this token selects and the token of the next page (null on the last one). As in fleet,
     * a page that ends exactly at the end of the list still carries a token, whose page is empty.
     */
    <T> Page<T> slice(List<T> all) {
        int start = (page - 1) * limit;
        int stop = page * limit;
        if (start >= all.size()) return new Page<>(List.of(), null);
        if (stop > all.size()) return new Page<>(all.subList(start, all.size()), null);
        return new Page<>(all.subList(start, stop), next().encode());
    }

    record Page<T>(List<T> items, String nextPageToken) {}
}
