import java.net.URLDecoder;
// java.net.URLDecoder.decode on the cases of alipay-proto's form_decode unit test:
//     java DecodeCheck.java > decode-check.txt   (OpenJDK 17)
public class DecodeCheck { public static void main(String[] a) throws Exception {
 String[][] c = {{"UTF-8","a+b"},{"UTF-8","a%2Bb%2bc"},{"UTF-8","2019-09-04+00%3a00%3A12"},{"UTF-8","%e5%92%96+%E5%95%A1"},{"GBK","%BF%A7%B7%C8+%2B"},{"GBK","a%E9%54b"},{"GBK","咖啡/~*'()"},{"GBK","ab%E9T"}};
 for (String[] x: c) System.out.println(x[1]+" -> "+URLDecoder.decode(x[1], x[0]));
}}
