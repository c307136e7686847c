package steppe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

/**
 * Lucene 10 measured as steppe measures itself: one flat text field (title and body) read by
 * EnglishAnalyzer, BM25 (k1 1.2, b 0.75), one thread, in memory, merged to one segment. Each
 * query's words are OR-ed, top 10 with their stored ids. Latency per query over many passes,
 * the last ones kept once the JIT has settled.
 *
 * <p>Usage: java -jar lucene-peer.jar DOCS.tsv QUERIES.tsv PASSES KEPT. Both files are
 * tab-separated (id, title, body; id, text) with backslash escapes for tab, newline and
 * backslash. Prints one JSON object: buildMs, bytes, p50Us, p95Us, run (query id to ids).
 */
public final class LucenePeer {
  private static final String TEXT = "text";
  private static final String ID = "id";

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: lucene-peer DOCS.tsv QUERIES.tsv PASSES KEPT");
      System.exit(2);
    }
    List<String[]> docs = readTsv(Path.of(args[0]), 3);
    List<String[]> queries = readTsv(Path.of(args[1]), 2);
    int passes = Integer.parseInt(args[2]);
    int kept = Integer.parseInt(args[3]);

    Analyzer analyzer = new EnglishAnalyzer();
    BM25Similarity similarity = new BM25Similarity(1.2f, 0.75f);
    Directory directory = new ByteBuffersDirectory();
    long started = System.nanoTime();
    IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(similarity).setRAMBufferSizeMB(256);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (String[] doc : docs) {
        Document document = new Document();
        document.add(new StoredField(ID, doc[0]));
        document.add(new TextField(TEXT, doc[1] + "\n" + doc[2], Field.Store.NO));
        writer.addDocument(document);
      }
      writer.forceMerge(1);
    }
    double buildMs = (System.nanoTime() - started) / 1e6;
    long bytes = 0;
    for (String file : directory.listAll()) bytes += directory.fileLength(file);

    try (DirectoryReader reader = DirectoryReader.open(directory)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(similarity);
      StoredFields stored = searcher.storedFields();
      Map<String, List<String>> run = new LinkedHashMap<>();
      long[] latencies = new long[kept * queries.size()];
      int at = 0;
      // The build's garbage collected before timing, as steppe's is: query time alone.
      System.gc();
      for (int pass = 0; pass < passes; pass++) {
        boolean keep = pass >= passes - kept;
        for (String[] query : queries) {
          long begin = System.nanoTime();
          List<String> ids = new ArrayList<>(10);
          Query parsed = plainWords(analyzer, query[1]);
          if (parsed != null) {
            TopDocs top = searcher.search(parsed, 10);
            for (ScoreDoc hit : top.scoreDocs) ids.add(stored.document(hit.doc).get(ID));
          }
          long took = System.nanoTime() - begin;
          if (keep) latencies[at++] = took;
          if (pass == passes - 1) run.put(query[0], ids);
        }
      }
      Arrays.sort(latencies);
      StringBuilder out = new StringBuilder();
      out.append("{\"buildMs\":").append(buildMs).append(",\"bytes\":").append(bytes);
      out.append(",\"p50Us\":").append(percentile(latencies, 0.5) / 1e3);
      out.append(",\"p95Us\":").append(percentile(latencies, 0.95) / 1e3);
      out.append(",\"run\":{");
      boolean first = true;
      for (Map.Entry<String, List<String>> entry : run.entrySet()) {
        if (!first) out.append(',');
        first = false;
        out.append(json(entry.getKey())).append(":[");
        for (int i = 0; i < entry.getValue().size(); i++) out.append(i == 0 ? "" : ",").append(json(entry.getValue().get(i)));
        out.append(']');
      }
      out.append("}}");
      System.out.println(out);
    }
  }

  // The query's words after analysis, each an optional clause; a repeated word weighs more.
  private static Query plainWords(Analyzer analyzer, String text) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (TokenStream stream = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) counts.merge(term.toString(), 1, Integer::sum);
      stream.end();
    }
    if (counts.isEmpty()) return null;
    BooleanQuery.Builder builder = new BooleanQuery.Builder();
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      Query clause = new TermQuery(new Term(TEXT, entry.getKey()));
      if (entry.getValue() > 1) clause = new BoostQuery(clause, entry.getValue());
      builder.add(clause, BooleanClause.Occur.SHOULD);
    }
    return builder.build();
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static List<String[]> readTsv(Path path, int columns) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isEmpty()) continue;
        String[] parts = line.split("\t", -1);
        if (parts.length != columns) throw new IOException(path + ": a line with " + parts.length + " columns, not " + columns);
        for (int i = 0; i < parts.length; i++) parts[i] = unescape(parts[i]);
        rows.add(parts);
      }
    }
    return rows;
  }

  private static String unescape(String text) {
    if (text.indexOf('\\') < 0) return text;
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
    }
    return out.toString();
  }

  private static String json(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out.append('"').toString();
  }
}
