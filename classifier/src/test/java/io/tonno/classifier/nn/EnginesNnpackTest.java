package io.tonno.classifier.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** NNPACK is off in the libtorch the engine loaded, as libtorch itself reports it. */
class EnginesNnpackTest {
    @Test
    void nnpackIsOffOnceTheConvolutionIsVerified() throws IOException {
        Engines.verifyConvolution();
        assertTrue(Engines.disableNnpack());
        Path library;
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            library = maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/libtorch_cpu.so"))
                    .findFirst()
                    .map(Path::of)
                    .orElseThrow();
        }
        NativeLibrary torch = NativeLibrary.getInstance(library.toString());
        Pointer context = torch.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        int enabled = torch.getFunction("_ZNK2at7Context17userEnabledNNPACKEv").invokeInt(new Object[] {context});
        assertEquals(0, enabled & 0xff, "at::globalContext().userEnabledNNPACK()");
    }
}
