package io.tonno.workflows.activity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The validated dataset manifest.
 *
 * @param manifestKey artifact key or path of the manifest that was read
 * @param cases       the cases in manifest order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetInfo(String manifestKey, List<CaseRef> cases) {
    public DatasetInfo {
        cases = cases == null ? List.of() : List.copyOf(cases);
    }

    /** The cases of one split, in manifest order. */
    public List<CaseRef> split(String split) {
        return cases.stream().filter(c -> split.equals(c.split())).toList();
    }
}
