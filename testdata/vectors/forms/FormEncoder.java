// Stage 2, Java: java.net.URLEncoder.encode(text, charset) for each name and value, joined
// with `=` and `&` (how Java clients and the Java SDK build a gateway.do query or form).
//
//     javac -d /tmp/forms FormEncoder.java && java -cp /tmp/forms FormEncoder <case>...
//
// Reads <case>/params.tsv (UTF-8), encodes in the case's _input_charset, writes
// <case>/java-urlencoder.txt (no trailing newline).

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class FormEncoder {
    public static void main(String[] cases) throws IOException {
        for (String name : cases) {
            Path dir = Path.of(name);
            List<String> lines = Files.readAllLines(dir.resolve("params.tsv"), StandardCharsets.UTF_8);
            String charset = "UTF-8";
            for (String line : lines) {
                if (line.startsWith("_input_charset\t")) {
                    charset = line.substring("_input_charset\t".length());
                }
            }
            List<String> pairs = new ArrayList<>();
            for (String line : lines) {
                String[] kv = line.split("\t", 2);
                pairs.add(URLEncoder.encode(kv[0], charset) + "=" + URLEncoder.encode(kv[1], charset));
            }
            Files.writeString(dir.resolve("java-urlencoder.txt"), String.join("&", pairs), StandardCharsets.US_ASCII);
            System.out.println("wrote " + name + "/java-urlencoder.txt");
        }
    }
}
