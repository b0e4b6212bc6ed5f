// The gateway's charsets as the JDK decodes them: for GBK and GB2312, every 2-byte code
// (lead 0x81..0xFE, trail 0x40..0xFE, in that order) decoded by the JDK's decoder with
// malformed and unmappable input reported, written as a big-endian u16 code point, 0 when the
// JDK refuses the code (48,132 bytes per charset). Single bytes: ASCII only, in both JDK and
// Python (0x80 and 0xFF are refused).
//
//     java scripts/JavaCharsets.java testdata/charsets      (from the workspace root; JDK 17)
//
// writes testdata/charsets/java-gbk.map and testdata/charsets/java-gb2312.map. scripts/
// gen-charset-tables.py reads them and checks Python's codecs against them.

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

public class JavaCharsets {
    public static void main(String[] args) throws IOException {
        String dir = args.length > 0 ? args[0] : ".";
        for (String name : new String[] {"GBK", "GB2312"}) {
            CharsetDecoder decoder = Charset.forName(name).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
            String path = dir + "/java-" + name.toLowerCase() + ".map";
            int[] table = new int[0x10000];
            try (FileOutputStream out = new FileOutputStream(path)) {
                for (int lead = 0x81; lead <= 0xFE; lead++) {
                    for (int trail = 0x40; trail <= 0xFE; trail++) {
                        int cp = 0;
                        try {
                            CharBuffer chars = decoder.reset().decode(
                                ByteBuffer.wrap(new byte[] {(byte) lead, (byte) trail}));
                            if (chars.length() == 1) {
                                cp = chars.charAt(0);
                            }
                        } catch (CharacterCodingException refused) {
                            cp = 0;
                        }
                        out.write(cp >> 8);
                        out.write(cp & 0xFF);
                        if (cp != 0) {
                            table[cp] = (lead << 8) | trail;
                        }
                    }
                }
            }
            // The JDK's encoder is this table's inverse: every BMP char it encodes in two bytes
            // is one the table decodes from exactly those bytes, and the reverse.
            CharsetEncoder encoder = Charset.forName(name).newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
            for (int cp = 0x80; cp < 0x10000; cp++) {
                if (cp >= 0xD800 && cp <= 0xDFFF) continue;
                int code = 0;
                try {
                    ByteBuffer bytes = encoder.reset().encode(CharBuffer.wrap(new char[] {(char) cp}));
                    code = bytes.remaining() == 2 ? ((bytes.get(0) & 0xFF) << 8) | (bytes.get(1) & 0xFF) : -1;
                } catch (CharacterCodingException refused) {
                    code = 0;
                }
                if (code != table[cp]) {
                    throw new IllegalStateException(name + ": U+" + Integer.toHexString(cp) + " encodes to "
                        + Integer.toHexString(code) + ", decoded from " + Integer.toHexString(table[cp]));
                }
            }
            System.out.println("wrote " + path + " (" + System.getProperty("java.vendor") + " "
                + System.getProperty("java.version") + ")");
        }
    }
}
