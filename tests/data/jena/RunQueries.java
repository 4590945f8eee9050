// Runs SPARQL queries with Apache Jena ARQ over one RDF file, in one JVM, for the cross-engine tests.
// Usage: java RunQueries DATA_FILE OUT_DIR TIMEOUT_SECONDS QUERY_FILE...
// Writes OUT_DIR/<query file name>.json (SPARQL JSON results), or .error with the reason.
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;

public class RunQueries {
    public static void main(String[] args) throws Exception {
        Model model = RDFDataMgr.loadModel(args[0]);
        Path out = Paths.get(args[1]);
        long timeout = Long.parseLong(args[2]);
        for (int i = 3; i < args.length; i++) {
            Path queryFile = Paths.get(args[i]);
            String name = queryFile.getFileName().toString();
            try {
                Query query = QueryFactory.create(Files.readString(queryFile, StandardCharsets.UTF_8));
                try (QueryExecution execution = QueryExecutionFactory.create(query, model)) {
                    execution.setTimeout(timeout, TimeUnit.SECONDS);
                    try (OutputStream stream = new FileOutputStream(out.resolve(name + ".json").toFile())) {
                        if (query.isAskType()) {
                            ResultSetFormatter.outputAsJSON(stream, execution.execAsk());
                        } else {
                            ResultSetFormatter.outputAsJSON(stream, execution.execSelect());
                        }
                    }
                }
            } catch (Exception error) {
                Files.deleteIfExists(out.resolve(name + ".json"));
                Files.writeString(out.resolve(name + ".error"), error.toString(), StandardCharsets.UTF_8);
            }
        }
    }
}
