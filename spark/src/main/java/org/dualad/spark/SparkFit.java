package org.dualad.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Forward;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Exact-derivative model fitting over a Spark data set (static facade).
 *
 * <p>A loss that is a sum over records has a gradient, and a least-squares fit has normal
 * equations J<sup>T</sup>J and J<sup>T</sup>r, that are sums too: each partition computes its part
 * with DualAD (in blocks of records, by the mode rule of {@link org.dualad.optim.CurveFit}: one
 * forward pass per record carrying every parameter's tangent when p &le; {@link Forward#MAX_CHUNK},
 * a reverse sweep otherwise; a summed loss by one reverse sweep per block), and the driver adds the
 * parts. Only p x p numbers per partition travel; the data never leave their executors.
 *
 * <p><b>Determinism.</b> The driver adds the partitions' parts in partition order (not in the order
 * the tasks finish, as {@code treeAggregate} would), so the same data with the same partitioning
 * give bitwise the same result on every run. Each part is p<sup>2</sup> + p + 3 numbers, so
 * collecting them costs the driver nothing next to the pass over the data.
 *
 * <p><b>Records.</b> A least-squares record is {x, y}; a {@link RecordLoss} record is whatever
 * numbers the loss reads. {@link #records(Dataset, String...)} turns columns of a
 * {@link Dataset} into such records. Empty partitions contribute nothing.
 *
 * <p><b>Non-finite records.</b> A record whose residual or Jacobian row is NaN or infinite (a NaN
 * in the data, a model that overflows there) is counted, not skipped: a fit refuses to start or to
 * accept a step while any exist, and says how many (filter them out, or fix the model). NaN never
 * silently becomes a number.
 *
 * <p><b>Failures.</b> An exception thrown by the model or the loss inside a partition fails the
 * Spark job; the fit rethrows it as an {@link IllegalStateException} naming the operation, the
 * parameters and the original cause (the Spark exception is its cause).
 *
 * <pre>{@code
 * JavaRDD<double[]> data = LocalSpark.context().parallelize(points, 8);   // {x, y} records
 * FitResult fit = SparkFit.levenbergMarquardt(MyModels::misra1a, data, 500, 1e-4);
 * }</pre>
 */
public final class SparkFit {
    /** Records per block: one EJML product J<sup>T</sup>J per block. */
    static final int BLOCK = 512;

    /** The Levenberg-Marquardt iteration limit of the short overloads. */
    public static final int MAX_ITERATIONS = 200;

    private SparkFit() {
    }

    // ---------------------------------------------------------------- records

    /**
     * The given columns of a data set as records, in that order, cast to double.
     *
     * @param data the data set
     * @param columns at least one column name
     * @return one {@code double[]} per row
     */
    public static JavaRDD<double[]> records(Dataset<Row> data, String... columns) {
        Objects.requireNonNull(data, "records: data must not be null");
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("records: name at least one column, e.g. records(df, \"x\", \"y\")");
        }
        Column[] cast = new Column[columns.length];
        for (int i = 0; i < columns.length; i++) {
            cast[i] = col(columns[i]).cast("double");
        }
        int k = columns.length;
        return data.select(cast).javaRDD().map(row -> {
            double[] r = new double[k];
            for (int i = 0; i < k; i++) {
                r[i] = row.isNullAt(i) ? Double.NaN : row.getDouble(i);
            }
            return r;
        });
    }

    // ---------------------------------------------------------------- the distributed sums

    /**
     * J<sup>T</sup>J, J<sup>T</sup>r and r<sup>T</sup>r of a least-squares fit at the given
     * parameters, over every {x, y} record.
     *
     * @param model the model
     * @param data {x, y} records
     * @param params the parameters, p &ge; 1 (not modified)
     * @return the summed normal equations
     */
    public static NormalEquations normalEquations(SparkModel model, JavaRDD<double[]> data, double... params) {
        check("normalEquations", model, data, params);
        return normalEquations("normalEquations", model, data, params.clone());
    }

    private static NormalEquations normalEquations(String method, SparkModel model, JavaRDD<double[]> data,
                                                   double[] params) {
        List<NormalEquations> parts = run(method, params,
                () -> data.mapPartitions(it -> single(partNormal(model, params, it))).collect());
        NormalEquations sum = NormalEquations.zero(params.length);
        for (NormalEquations part : parts) {
            sum = sum.plus(part);
        }
        return sum;
    }

    /**
     * The summed loss and its gradient with respect to the parameters, over every record.
     *
     * @param loss one record's loss
     * @param data the records
     * @param params the parameters, p &ge; 1 (not modified)
     * @return sum of loss(params, record) and its gradient
     */
    public static ValueAndGradient valueAndGradient(RecordLoss loss, JavaRDD<double[]> data, double... params) {
        check("valueAndGradient", loss, data, params);
        return valueAndGradient("valueAndGradient", loss, data, params.clone());
    }

    private static ValueAndGradient valueAndGradient(String method, RecordLoss loss, JavaRDD<double[]> data,
                                                     double[] params) {
        List<double[]> parts = run(method, params,
                () -> data.mapPartitions(it -> single(partLoss(loss, params, it))).collect());
        double[] sum = new double[params.length + 1];
        for (double[] part : parts) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part[i];
            }
        }
        return new ValueAndGradient(sum[0], Arrays.copyOfRange(sum, 1, sum.length));
    }

    // ---------------------------------------------------------------- fitting

    /**
     * Least squares by Levenberg-Marquardt on the distributed normal equations, at most
     * {@link #MAX_ITERATIONS} iterations, converged when a step changes the residual sum of
     * squares by at most 1e-14 of itself and the parameters by at most 1e-12 of themselves.
     *
     * @param model the model
     * @param data {x, y} records
     * @param start the starting parameters, p &ge; 1 (not modified)
     * @return the fitted parameters and their residual sum of squares
     */
    public static FitResult levenbergMarquardt(SparkModel model, JavaRDD<double[]> data, double... start) {
        return levenbergMarquardt(model, data, start, MAX_ITERATIONS, 1e-12);
    }

    /**
     * Least squares by Levenberg-Marquardt (Marquardt's scaling by diag(J<sup>T</sup>J)) on the
     * distributed normal equations: each iteration solves (J<sup>T</sup>J + &lambda;
     * diag(J<sup>T</sup>J)) &delta; = J<sup>T</sup>r on the driver (EJML Cholesky) and evaluates
     * the normal equations at p + &delta; in one pass over the data, accepting the step (and
     * dividing &lambda; by 10) when the residual sum of squares falls, else multiplying &lambda;
     * by 10.
     *
     * @param model the model
     * @param data {x, y} records
     * @param start the starting parameters, p &ge; 1 (not modified)
     * @param maxIterations the most iterations (passes over the data: one more)
     * @param tolerance the relative change of the parameters that counts as converged (the
     *     residual sum of squares uses tolerance / 100)
     * @return the fitted parameters and their residual sum of squares
     */
    public static FitResult levenbergMarquardt(SparkModel model, JavaRDD<double[]> data, double[] start,
                                               int maxIterations, double tolerance) {
        String method = "levenbergMarquardt";
        check(method, model, data, start);
        if (maxIterations < 1 || !(tolerance > 0)) {
            throw new IllegalArgumentException(method + ": maxIterations must be at least 1 and tolerance positive, got "
                    + maxIterations + " and " + tolerance);
        }
        int p = start.length;
        double[] params = start.clone();
        NormalEquations ne = normalEquations(method, model, data, params);
        requireFinite(method, ne, params);
        int passes = 1;
        double lambda = 1e-3;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(p);
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        DMatrixRMaj b = new DMatrixRMaj(p, 1);
        DMatrixRMaj delta = new DMatrixRMaj(p, 1);
        for (int it = 1; it <= maxIterations; it++) {
            // (JtJ + lambda diag(JtJ)) delta = Jtr
            a.setData(ne.jtj().clone());
            for (int i = 0; i < p; i++) {
                double d = ne.jtj()[i * p + i];
                a.add(i, i, lambda * (d > 0 ? d : 1));
            }
            b.setData(ne.jtr().clone());
            boolean solved = solver.setA(a);
            if (solved) {
                solver.solve(b, delta);
            }
            double[] next = params.clone();
            double stepNorm = 0;
            double paramNorm = 0;
            for (int i = 0; i < p; i++) {
                double d = solved ? delta.get(i) : Double.NaN;
                next[i] += d;
                stepNorm += d * d;
                paramNorm += params[i] * params[i];
            }
            NormalEquations candidate = solved && Double.isFinite(stepNorm)
                    ? normalEquations(method, model, data, next) : null;
            if (candidate != null) {
                passes++;
            }
            if (candidate != null && candidate.nonFinite() == 0 && candidate.rss() <= ne.rss()) {
                double decrease = ne.rss() - candidate.rss();
                params = next;
                ne = candidate;
                lambda = Math.max(lambda / 10, 1e-15);
                if (decrease <= tolerance / 100 * ne.rss() && Math.sqrt(stepNorm) <= tolerance * (Math.sqrt(paramNorm) + tolerance)) {
                    return new FitResult(params, ne.rss(), it, passes, true);
                }
                if (ne.rss() == 0) {
                    return new FitResult(params, 0, it, passes, true);
                }
            } else {
                lambda *= 10;
                if (lambda > 1e16) { // no step decreases the sum any more: a minimum to working precision
                    return new FitResult(params, ne.rss(), it, passes, true);
                }
            }
        }
        return new FitResult(params, ne.rss(), maxIterations, passes, false);
    }

    /**
     * Minimizes a summed loss with Commons Math's nonlinear conjugate gradient (Polak-Ribi&egrave;re),
     * each value and gradient one distributed pass (the optimizer's value and gradient requests at
     * one point share it), at most 1000 iterations, converged when the gradient's norm is at most
     * 1e-7 max(1, |loss|) (the exact gradient makes a first-order test possible), or when an
     * iteration changes the loss by at most 1e-14 of itself (the line search works on values, so
     * it cannot place the minimum more finely than that).
     *
     * @param loss one record's loss
     * @param data the records
     * @param start the starting parameters, p &ge; 1 (not modified)
     * @return the minimizing parameters and the summed loss there
     */
    public static FitResult minimize(RecordLoss loss, JavaRDD<double[]> data, double... start) {
        String method = "minimize";
        check(method, loss, data, start);
        // the optimizer asks for the value and then the gradient at the same point: one pass serves both
        double[][] lastPoint = {null};
        ValueAndGradient[] last = {null};
        int[] passes = {0};
        java.util.function.Function<double[], ValueAndGradient> at = x -> {
            if (lastPoint[0] == null || !Arrays.equals(lastPoint[0], x)) {
                last[0] = valueAndGradient(method, loss, data, x.clone());
                lastPoint[0] = x.clone();
                passes[0]++;
            }
            return last[0];
        };
        ConvergenceChecker<PointValuePair> stationary = (iteration, previous, current) -> {
            ValueAndGradient vg = at.apply(current.getPoint());
            double norm = 0;
            for (double g : vg.gradient()) {
                norm += g * g;
            }
            double scale = Math.max(1, Math.abs(vg.value()));
            return Math.sqrt(norm) <= 1e-7 * scale
                    || Math.abs(previous.getValue() - current.getValue()) <= 1e-14 * scale;
        };
        // line search to 1e-12 (the default 1e-8 stops short of what the gradient test asks)
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, stationary, 1e-12, 1e-12, 1e-2);
        try {
            PointValuePair best = optimizer.optimize(new MaxEval(100_000), new MaxIter(1000), GoalType.MINIMIZE,
                    new InitialGuess(start.clone()),
                    new ObjectiveFunction(x -> at.apply(x).value()),
                    new ObjectiveFunctionGradient(x -> at.apply(x).gradient()));
            return new FitResult(best.getPoint(), best.getValue(), optimizer.getIterations(), passes[0], true);
        } catch (TooManyIterationsException | TooManyEvaluationsException e) {
            double[] x = lastPoint[0] == null ? start.clone() : lastPoint[0];
            return new FitResult(x, last[0] == null ? Double.NaN : last[0].value(), optimizer.getIterations(),
                    passes[0], false);
        }
    }

    // ---------------------------------------------------------------- per partition (on the executors)

    /** One partition's normal equations, in blocks of {@link #BLOCK} records. */
    static NormalEquations partNormal(SparkModel model, double[] params, Iterator<double[]> records) {
        int p = params.length;
        At at = new At(model);
        DMatrixRMaj jtj = new DMatrixRMaj(p, p);
        DMatrixRMaj jtr = new DMatrixRMaj(p, 1);
        DMatrixRMaj j = new DMatrixRMaj(BLOCK, p);
        DMatrixRMaj r = new DMatrixRMaj(BLOCK, 1);
        double rss = 0;
        long count = 0;
        long nonFinite = 0;
        int rows = 0;
        while (records.hasNext()) {
            double[] rec = records.next();
            if (rec == null || rec.length < 2) {
                throw new IllegalArgumentException("normal equations: a record must be {x, y}, got "
                        + (rec == null ? "null" : Arrays.toString(rec)));
            }
            at.x = rec[0];
            ValueAndGradient row = p <= Forward.MAX_CHUNK ? Forward.valueAndGradient(at, params)
                    : Reverse.valueAndGradient(at, params);
            double res = rec[1] - row.value();
            boolean finite = Double.isFinite(res);
            System.arraycopy(row.gradient(), 0, j.data, rows * p, p);
            for (double g : row.gradient()) {
                finite &= Double.isFinite(g);
            }
            if (!finite) {
                nonFinite++;
            }
            r.data[rows] = res;
            rss += res * res;
            count++;
            if (++rows == BLOCK) {
                addBlock(j, r, jtj, jtr);
                rows = 0;
            }
        }
        if (rows > 0) {
            j.reshape(rows, p, true);
            r.reshape(rows, 1, true);
            addBlock(j, r, jtj, jtr);
        }
        return new NormalEquations(jtj.data, jtr.data, rss, count, nonFinite);
    }

    private static void addBlock(DMatrixRMaj j, DMatrixRMaj r, DMatrixRMaj jtj, DMatrixRMaj jtr) {
        CommonOps_DDRM.multAddTransA(j, j, jtj);
        CommonOps_DDRM.multAddTransA(j, r, jtr);
    }

    /** One partition's summed loss and gradient, {value, gradient...}: one reverse sweep per block. */
    static double[] partLoss(RecordLoss loss, double[] params, Iterator<double[]> records) {
        double[] sum = new double[params.length + 1];
        Block block = new Block(loss);
        while (records.hasNext()) {
            block.size = 0;
            while (block.size < BLOCK && records.hasNext()) {
                block.records[block.size++] = records.next();
            }
            ValueAndGradient vg = Reverse.valueAndGradient(block, params);
            sum[0] += vg.value();
            for (int i = 0; i < params.length; i++) {
                sum[i + 1] += vg.gradient()[i];
            }
        }
        return sum;
    }

    /** The model at one x, as a function of the parameters (x is set per record). */
    private static final class At implements ScalarFunction {
        private final SparkModel model;
        double x;

        At(SparkModel model) {
            this.model = model;
        }

        @Override
        public <T extends RealFieldElement<T>> T value(T[] p) {
            return model.value(p, x);
        }
    }

    /** The summed loss of a block of records, as a function of the parameters. */
    private static final class Block implements ScalarFunction {
        private final RecordLoss loss;
        final double[][] records = new double[BLOCK][];
        int size;

        Block(RecordLoss loss) {
            this.loss = loss;
        }

        @Override
        public <T extends RealFieldElement<T>> T value(T[] p) {
            T sum = loss.value(p, records[0]);
            for (int i = 1; i < size; i++) {
                sum = sum.add(loss.value(p, records[i]));
            }
            return sum;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static <T> Iterator<T> single(T t) {
        return Collections.singletonList(t).iterator();
    }

    private static <T> T run(String method, double[] params, java.util.function.Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            if (!(e instanceof SparkException)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException(method + ": a partition failed at parameters "
                    + Arrays.toString(params) + ": " + root, e);
        }
    }

    private static void requireFinite(String method, NormalEquations ne, double[] params) {
        if (ne.count() == 0) {
            throw new IllegalArgumentException(method + ": the data set is empty");
        }
        if (ne.nonFinite() > 0) {
            throw new IllegalArgumentException(method + ": " + ne.nonFinite() + " of " + ne.count()
                    + " records give a NaN or infinite residual or Jacobian row at the start "
                    + Arrays.toString(params) + "; filter them out (e.g. data.filter(r -> all finite)) or fix the model");
        }
    }

    private static void check(String method, Object f, JavaRDD<double[]> data, double[] params) {
        Objects.requireNonNull(f, () -> method + ": the model or loss must not be null");
        Objects.requireNonNull(data, () -> method + ": data must not be null");
        Objects.requireNonNull(params, () -> method + ": the parameters must not be null");
        if (params.length == 0) {
            throw new IllegalArgumentException(method + ": at least one parameter is needed, got an empty array");
        }
    }
}
