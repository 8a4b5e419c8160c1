package io.shoal.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shoal.api.Json;
import io.shoal.api.StoreObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The whole store at one index, as written to a Raft snapshot file:
 * {@code {"Index":n,"Tables":{"tasks":[...],...}}}. Written and read as a stream, object by
 * object, because a store of 100,000 tasks makes a file of tens of megabytes.
 */
public record StoreSnapshot(long index, Map<String, List<StoreObject>> tables) {
    public void forEachObject(BiConsumer<Table<?>, StoreObject> action) {
        tables.forEach((name, objects) -> {
            Table<?> t = Table.byName(name);
            objects.forEach(o -> action.accept(t, o));
        });
    }

    /** Writes the snapshot and closes {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("Index", index);
            g.writeObjectFieldStart("Tables");
            for (Map.Entry<String, List<StoreObject>> e : tables.entrySet()) {
                ObjectWriter w = Json.mapper().writerFor(Table.byName(e.getKey()).type())
                        .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
                g.writeArrayFieldStart(e.getKey());
                for (StoreObject o : e.getValue()) {
                    w.writeValue(g, o);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** Reads a snapshot written by {@link #writeTo}; every table is present, unknown ones are skipped. */
    public static StoreSnapshot readFrom(InputStream in) throws IOException {
        Map<String, List<StoreObject>> tables = new LinkedHashMap<>();
        for (Table<?> t : Table.ALL) {
            tables.put(t.name(), new ArrayList<>());
        }
        long index = 0;
        try (JsonParser p = Json.mapper().getFactory().createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("Index")) {
                    index = p.getLongValue();
                } else if (field.equals("Tables") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken array = p.nextToken();
                        Table<?> table = Table.ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
                        if (table == null || array != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            continue;
                        }
                        ObjectReader r = Json.mapper().readerFor(table.type());
                        List<StoreObject> objects = tables.get(name);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            objects.add(r.readValue(p));
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new StoreSnapshot(index, tables);
    }

    private static void expect(JsonToken got, JsonToken wanted) throws IOException {
        if (got != wanted) {
            throw new IOException("not a store snapshot: expected " + wanted + ", found " + got);
        }
    }
}
