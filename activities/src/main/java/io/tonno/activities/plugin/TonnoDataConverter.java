package io.tonno.activities.plugin;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.tonno.activities.support.TonnoJson;

/**
 * The data converter every tonno client and worker uses: Temporal's default converter chain with
 * the JSON converter replaced by one using {@link TonnoJson}'s strict settings. Installed by
 * {@link TonnoPlugin}, so a client and a worker that both carry the plugin encode and decode alike.
 */
public final class TonnoDataConverter {
    private TonnoDataConverter() {}

    /** A new converter instance. */
    public static DataConverter create() {
        return DefaultDataConverter.newDefaultInstance()
                .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(TonnoJson.newMapper()));
    }
}
