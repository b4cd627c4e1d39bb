package org.dualad.reverse;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Generates JVM bytecode from a {@link ReplayProgram}: the forward code (values and edge weights)
 * and the sweep (adjoints), straight-line, with every slot index and folded constant inlined.
 *
 * <h2>Shape</h2>
 * The code is cut into static methods of about {@link #METHOD_BYTES} bytes of bytecode (far below
 * the JIT's limit of 8000 for compiling a method at all, and small enough that C2 compiles each
 * in milliseconds); a class gathers methods until its constant pool or its driver (the method
 * that calls them in order) would grow too big, and implements {@link CompiledTape.Part}. Each
 * class is a hidden class of this package ({@link MethodHandles.Lookup#defineHiddenClass}), not
 * strongly reachable from its loader, so it is unloaded with the recording that holds it. A long
 * sum stores its partial sum every {@link #CHAIN_TERMS} terms, so that no expression is too deep
 * for C2 ({@code TapeCompilerJitTest} watches the JVM compile every generated method).
 *
 * <h2>What it knows</h2>
 * The kinds of instruction of {@link ReplayProgram} as they stand (the sums, squares, products
 * and quotients, also in {@link ReplayProgram#UNIFORM} runs whose one set of constants every
 * instruction reads, and the ops through {@link org.dualad.dual.Op#apply}); a kind it does not
 * know throws {@link UnsupportedOperationException}, and the caller keeps the interpreted program. It reads
 * the program's arrays and changes none of them.
 */
final class TapeCompiler {
    /** Target bytecode size of one generated method. */
    static final int METHOD_BYTES = 3000;
    /** The most terms of a sum generated as one chain of additions: see {@link #breakChain}. */
    static final int CHAIN_TERMS = 32;
    /** Constant-pool entries a class may gather before the next begins (the JVM allows 65535). */
    private static final int POOL_ENTRIES = 40_000;
    /** Chunk methods per class: keeps the driver (about 10 bytes a call) below the JIT's limit. */
    private static final int METHODS_PER_CLASS = 600;

    private static final String PART = "org/dualad/reverse/CompiledTape$Part";
    private static final String TAPE = "org/dualad/reverse/CompiledTape";
    private static final String CHAIN = "org/dualad/dual/Chain";
    private static final String FORWARD_DESC = "([D[DL" + TAPE + ";)I";
    private static final String SWEEP_DESC = "([D[DL" + TAPE + ";)V";
    private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);

    private final ReplayProgram p;
    private final int methodBytes;
    private final int methodsPerClass;
    private final MethodHandles.Lookup lookup;
    private final boolean[] written;
    private final int trash;
    private final List<CompiledTape.Part> parts = new ArrayList<>();
    private long classBytes;
    private int methods;

    // the class under construction
    private ClassWriter cw;
    private final List<String> forwardChunks = new ArrayList<>();
    private final List<String> sweepChunks = new ArrayList<>();
    private int poolEntries;
    private int classIndex;
    // the method under construction
    private MethodVisitor mv;
    private int size;
    private Label fail;
    /** True while the method under construction is a slice of the sweep. */
    private boolean inSweep;
    /** The internal name of the class under construction. */
    private String owner;
    private boolean failUsed;

    private TapeCompiler(ReplayProgram p, int methodBytes, int methodsPerClass) {
        this.p = p;
        this.methodBytes = methodBytes;
        this.methodsPerClass = methodsPerClass;
        this.lookup = MethodHandles.lookup();
        this.trash = p.w.length - 1;
        this.written = new boolean[p.w.length];
    }

    /**
     * Generates and loads the bytecode of program p.
     *
     * @throws UnsupportedOperationException if p holds a kind of instruction this compiler does
     *     not know
     * @throws IllegalStateException if the JVM refuses a generated class (a defect of this
     *     compiler: the caller keeps the interpreted program)
     */
    static CompiledTape compile(ReplayProgram p) {
        return compile(p, METHOD_BYTES, METHODS_PER_CLASS);
    }

    /**
     * As {@link #compile(ReplayProgram)} with methods of about methodBytes bytes and at most
     * methodsPerClass of them a class (a test makes both small to cut every kind of code).
     */
    static CompiledTape compile(ReplayProgram p, int methodBytes, int methodsPerClass) {
        TapeCompiler c = new TapeCompiler(p, methodBytes, methodsPerClass);
        c.forwardCode();
        c.sweepCode();
        c.closeClass();
        return new CompiledTape(p, c.parts.toArray(new CompiledTape.Part[0]), c.classBytes, c.methods);
    }

    // ---------------------------------------------------------------- forward

    /** The forward code, instruction by instruction, as ReplayProgram.forward walks its runs. */
    private void forwardCode() {
        final int[] c = p.code;
        final double[] k = p.kon;
        int pc = 0;
        int kc = 0;
        int slot = p.n + 1;
        while (pc < c.length) {
            // a uniform run keeps one instruction's constants: every instruction reads them
            final boolean uniform = (c[pc] & ReplayProgram.UNIFORM) != 0;
            final int kind = c[pc] & ~ReplayProgram.UNIFORM;
            final int len = c[pc + 1];
            final int codeLen = c[pc + 2];
            final int konLen = c[pc + 3];
            pc += 4;
            int q = pc;
            int r = kc;
            for (int i = 0; i < len; i++) {
                if (uniform) {
                    r = kc;
                }
                if (mv == null || size >= methodBytes) {
                    startForward();
                }
                int s = slot + i;
                switch (kind) {
                    case ReplayProgram.SUM2N:
                        storeStart(s);
                        operand(c[q], k[r], k[r + 1]);
                        scaled(c[q + 1], k[r + 2]);
                        add();
                        storeEnd();
                        q += 2;
                        r += 3;
                        break;
                    case ReplayProgram.SUM2:
                        storeStart(s);
                        operand(c[q], k[r], k[r + 1]);
                        operand(c[q + 1], k[r + 2], k[r + 3]);
                        add();
                        storeEnd();
                        q += 2;
                        r += 4;
                        break;
                    case ReplayProgram.SUMN: {
                        int cnt = c[q];
                        storeStart(s);
                        operand(c[q + 1], k[r], k[r + 1]);
                        for (int t = 1; t < cnt; t++) {
                            splitIfFull(s);
                            breakChain(s, t);
                            scaled(c[q + 1 + t], k[r + 1 + t]);
                            add();
                        }
                        storeEnd();
                        q += 1 + cnt;
                        r += cnt + 1;
                        break;
                    }
                    case ReplayProgram.SUM: {
                        int cnt = c[q];
                        storeStart(s);
                        operand(c[q + 1], k[r], k[r + 1]);
                        for (int t = 1; t < cnt; t++) {
                            splitIfFull(s);
                            breakChain(s, t);
                            operand(c[q + 1 + t], k[r + 2 * t], k[r + 2 * t + 1]);
                            add();
                        }
                        storeEnd();
                        q += 1 + cnt;
                        r += 2 * cnt;
                        break;
                    }
                    case ReplayProgram.SQRP:
                        square(s, c[q], 1, -0.0, c[q + 1], k[r]);
                        q += 2;
                        r += 1;
                        break;
                    case ReplayProgram.SQR:
                        square(s, c[q], k[r], k[r + 1], c[q + 1], k[r + 2]);
                        q += 2;
                        r += 3;
                        break;
                    case ReplayProgram.MUL:
                    case ReplayProgram.DIV:
                        product(kind == ReplayProgram.DIV, s, c, q, k, r);
                        q += 4;
                        r += 6;
                        break;
                    case ReplayProgram.GEN1:
                        general1(s, c, q, k, r);
                        q += 4;
                        r += 4;
                        break;
                    case ReplayProgram.GEN2:
                        general2(s, c, q, k, r);
                        q += 6;
                        r += 6;
                        break;
                    case ReplayProgram.RULE: {
                        // the rule's functions are Java code of their own: one call into the program
                        int count = c[q + 1];
                        for (int t = 0; t < count; t++) {
                            written[c[q + 3 + 2 * t]] = true;
                        }
                        mv.visitVarInsn(Opcodes.ALOAD, 2);
                        pushInt(q);
                        pushInt(r);
                        pushInt(s);
                        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TAPE, "rule", "(III)V", false);
                        size += 4;
                        q += 2 + 2 * count;
                        r += 3 * count;
                        break;
                    }
                    default:
                        throw new UnsupportedOperationException("an instruction of kind " + kind
                                + " (not one TapeCompiler knows)");
                }
            }
            if (q != pc + codeLen || r != kc + konLen) {
                throw new UnsupportedOperationException("a run of kind " + kind + " laid out as " + codeLen
                        + " code ints and " + konLen + " constants, not as TapeCompiler reads it");
            }
            pc += codeLen;
            kc += konLen;
            slot += len;
        }
        endMethod();
    }

    /**
     * Inside a long sum whose method is full: stores the partial sum in the sum's own slot and
     * goes on in the next method from there (a double stored and loaded is the same double).
     */
    private void splitIfFull(int slot) {
        if (size < methodBytes) {
            return;
        }
        storeEnd();
        startForward();
        storeStart(slot);
        array(0);
        pushInt(slot);
        mv.visitInsn(Opcodes.DALOAD);
        size++;
    }

    /**
     * Before term t of a long sum, every {@link #CHAIN_TERMS} terms: stores the partial sum in the
     * sum's own slot (the sum's last store overwrites it; the same bits either way). A chain of
     * dependent additions is one expression tree to C2, whose matcher labels a tree recursively:
     * a tree of about 200 terms overflows it (COMPILE SKIPPED: "Out of stack space, increase
     * MaxLabelRootDepth"), and the method is left to C1 for good (Rosenbrock n = 100's sum of 199
     * terms did). A second use of the partial, the store, makes it the root of a tree of its own.
     */
    private void breakChain(int slot, int t) {
        if (t % CHAIN_TERMS != 0) {
            return;
        }
        mv.visitVarInsn(Opcodes.DSTORE, 3);
        array(0);
        pushInt(slot);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitInsn(Opcodes.DASTORE);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        size += 4;
    }

    /** x * x with x = v[j] s + o: the value and the weight term(2x, ws) of edge e. */
    private void square(int slot, int j, double s, double o, int e, double ws) {
        operand(j, s, o);
        mv.visitVarInsn(Opcodes.DSTORE, 3);
        storeStart(slot);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitInsn(Opcodes.DUP2);
        mv.visitInsn(Opcodes.DMUL);
        storeEnd();
        if (e != trash) {
            weightStart(e);
            mv.visitVarInsn(Opcodes.DLOAD, 3);
            mv.visitInsn(Opcodes.DUP2);
            mv.visitInsn(Opcodes.DADD);
            weightEnd(ws);
        }
        size += 8;
    }

    /** a * b or a / b, with Differentiable's partials (b, a) or (1 / b, ReplayProgram.quotientSlope). */
    private void product(boolean divide, int slot, int[] c, int q, double[] k, int r) {
        operand(c[q], k[r], k[r + 1]);
        mv.visitVarInsn(Opcodes.DSTORE, 3);
        operand(c[q + 1], k[r + 3], k[r + 4]);
        mv.visitVarInsn(Opcodes.DSTORE, 5);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitVarInsn(Opcodes.DLOAD, 5);
        mv.visitInsn(divide ? Opcodes.DDIV : Opcodes.DMUL);
        mv.visitVarInsn(Opcodes.DSTORE, 7);
        storeStart(slot);
        mv.visitVarInsn(Opcodes.DLOAD, 7);
        storeEnd();
        int ea = c[q + 2];
        int eb = c[q + 3];
        if (ea != trash) {
            weightStart(ea);
            if (divide) {
                mv.visitInsn(Opcodes.DCONST_1);
            }
            mv.visitVarInsn(Opcodes.DLOAD, 5);
            if (divide) {
                mv.visitInsn(Opcodes.DDIV);
            }
            weightEnd(k[r + 2]);
        }
        if (eb != trash) {
            weightStart(eb);
            if (divide) {
                mv.visitVarInsn(Opcodes.DLOAD, 3);
                mv.visitVarInsn(Opcodes.DLOAD, 5);
                mv.visitVarInsn(Opcodes.DLOAD, 7);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/dualad/reverse/ReplayProgram", "quotientSlope",
                        "(DDD)D", false);
            } else {
                mv.visitVarInsn(Opcodes.DLOAD, 3);
            }
            weightEnd(k[r + 5]);
        }
        size += 16;
    }

    /** An op of one argument through CompiledTape.gen1. */
    private void general1(int slot, int[] c, int q, double[] k, int r) {
        written[c[q + 2]] = true;
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        array(0);
        array(1);
        pushInt(c[q]);
        operand(c[q + 1], k[r], k[r + 1]);
        pushDouble(k[r + 3]);
        pushInt(slot);
        pushInt(c[q + 2]);
        pushDouble(k[r + 2]);
        pushInt(c[q + 3]);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TAPE, "gen1", "([D[DIDDIIDI)I", false);
        checkFailed();
    }

    /** An op of two arguments through CompiledTape.gen2. */
    private void general2(int slot, int[] c, int q, double[] k, int r) {
        written[c[q + 3]] = true;
        written[c[q + 4]] = true;
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        array(0);
        array(1);
        pushInt(c[q]);
        operand(c[q + 1], k[r], k[r + 1]);
        operand(c[q + 2], k[r + 3], k[r + 4]);
        pushInt(slot);
        pushInt(c[q + 3]);
        pushDouble(k[r + 2]);
        pushInt(c[q + 4]);
        pushDouble(k[r + 5]);
        pushInt(c[q + 5]);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TAPE, "gen2", "([D[DIDDIIDIDI)I", false);
        checkFailed();
    }

    /** After a general op: a changed decision (a node, >= 0) ends the forward code. */
    private void checkFailed() {
        mv.visitInsn(Opcodes.DUP);
        mv.visitJumpInsn(Opcodes.IFGE, fail);
        mv.visitInsn(Opcodes.POP);
        failUsed = true;
        size += 12;
    }

    /** Pushes v[j] * s + o, leaving out a multiplication by 1 and an addition of -0.0. */
    private void operand(int j, double s, double o) {
        scaled(j, s);
        if (Double.doubleToRawLongBits(o) != NEG_ZERO) {
            pushDouble(o);
            add();
        }
    }

    /** Pushes v[j] * s (v[j] for s = 1, -v[j] for s = -1: the same results). */
    private void scaled(int j, double s) {
        array(0);
        pushInt(j);
        mv.visitInsn(Opcodes.DALOAD);
        size += 2;
        if (s == -1) {
            mv.visitInsn(Opcodes.DNEG);
            size++;
        } else if (s != 1) {
            pushDouble(s);
            mv.visitInsn(Opcodes.DMUL);
            size++;
        }
    }

    private void add() {
        mv.visitInsn(Opcodes.DADD);
        size++;
    }

    /** Pushes the value array and slot i: a store of the value computed next. */
    private void storeStart(int i) {
        array(0);
        pushInt(i);
        size++;
    }

    private void storeEnd() {
        mv.visitInsn(Opcodes.DASTORE);
        size++;
    }

    /** Pushes the weight array and edge e: a store of the weight computed next. */
    private void weightStart(int e) {
        written[e] = true;
        array(1);
        pushInt(e);
        size++;
    }

    /** The partial on the stack times the weight scale ws under the zero policy, stored. */
    private void weightEnd(double ws) {
        pushDouble(ws);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, CHAIN, "term", "(DD)D", false);
        mv.visitInsn(Opcodes.DASTORE);
        poolEntries++;
        size += 4;
    }

    // ---------------------------------------------------------------- sweep

    /**
     * The sweep, owner by owner from the last, as ReplayProgram.sweep runs it. An owner with more
     * edges than a method holds (a long sum's) is cut into segments, each reading the owner's
     * adjoint again (its own edges do not change it) and making its own checks.
     */
    private void sweepCode() {
        final int[] os = p.ownerStart;
        final int n = p.n;
        for (int o = os.length - 2; o >= 0; o--) {
            int first = os[o];
            int e = os[o + 1];
            while (e > first) {
                if (mv == null || size >= methodBytes) {
                    startSweep();
                }
                e = segment(n + o, first, e);
            }
        }
        endMethod();
    }

    /**
     * The edges of one owner (adjoint slot), from {@code last - 1} down, as many as the method
     * holds but at least one; returns the first edge not done ({@code first} when all are).
     */
    private int segment(int slot, int first, int last) {
        final int[] t = p.tgt;
        final double[] w = p.w;
        Label skip = new Label();
        Label nonFinite = new Label();
        array(0);
        pushInt(slot);
        mv.visitInsn(Opcodes.DALOAD);
        mv.visitVarInsn(Opcodes.DSTORE, 3);
        if (Tape.SKIP_ZERO_ADJOINTS) {
            mv.visitVarInsn(Opcodes.DLOAD, 3);
            mv.visitInsn(Opcodes.DCONST_0);
            mv.visitInsn(Opcodes.DCMPL);
            mv.visitJumpInsn(Opcodes.IFEQ, skip);
        }
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "abs", "(D)D", false);
        pushDouble(Double.MAX_VALUE);
        mv.visitInsn(Opcodes.DCMPG);
        mv.visitJumpInsn(Opcodes.IFGT, nonFinite);
        poolEntries += 2;
        size += 24;
        int e = last - 1;
        do {
            // a[t] += w g, with a weight fixed at compile time inlined (g is finite here, so
            // 1 g and -1 g are g and -g exactly)
            array(0);
            pushInt(t[e]);
            mv.visitInsn(Opcodes.DUP2);
            mv.visitInsn(Opcodes.DALOAD);
            size += 3;
            if (written[e]) {
                array(1);
                pushInt(e);
                mv.visitInsn(Opcodes.DALOAD);
                mv.visitVarInsn(Opcodes.DLOAD, 3);
                mv.visitInsn(Opcodes.DMUL);
                mv.visitInsn(Opcodes.DADD);
                size += 5;
            } else if (w[e] == 1 || w[e] == -1) {
                mv.visitVarInsn(Opcodes.DLOAD, 3);
                mv.visitInsn(w[e] == 1 ? Opcodes.DADD : Opcodes.DSUB);
                size += 2;
            } else {
                pushDouble(w[e]);
                mv.visitVarInsn(Opcodes.DLOAD, 3);
                mv.visitInsn(Opcodes.DMUL);
                mv.visitInsn(Opcodes.DADD);
                size += 3;
            }
            mv.visitInsn(Opcodes.DASTORE);
            size++;
            e--;
        } while (e >= first && size < methodBytes);
        mv.visitJumpInsn(Opcodes.GOTO, skip);
        mv.visitLabel(nonFinite);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        array(0);
        array(1);
        pushInt(e + 1);
        pushInt(last);
        mv.visitVarInsn(Opcodes.DLOAD, 3);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TAPE, "nonFinite", "([D[DIID)V", false);
        mv.visitLabel(skip);
        size += 18;
        return e + 1;
    }

    // ---------------------------------------------------------------- methods and classes

    private void startForward() {
        endMethod();
        openClassFor();
        String name = "f" + forwardChunks.size();
        forwardChunks.add(name);
        mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, name, FORWARD_DESC, null, null);
        mv.visitCode();
        fail = new Label();
        failUsed = false;
        inSweep = false;
        size = 0;
        poolEntries += 3;
    }

    private void startSweep() {
        endMethod();
        openClassFor();
        String name = "s" + sweepChunks.size();
        sweepChunks.add(name);
        mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, name, SWEEP_DESC, null, null);
        mv.visitCode();
        fail = null;
        inSweep = true;
        size = 0;
        poolEntries += 3;
    }

    /** Ends the method under construction (a forward chunk returns -1, or the failed node). */
    private void endMethod() {
        if (mv == null) {
            return;
        }
        if (fail != null) {
            mv.visitInsn(Opcodes.ICONST_M1);
            mv.visitInsn(Opcodes.IRETURN);
            if (failUsed) {
                mv.visitLabel(fail);
                mv.visitInsn(Opcodes.IRETURN);
            }
        } else {
            mv.visitInsn(Opcodes.RETURN);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = null;
        methods++;
    }

    /** Closes the current class if it is full, and opens one if none is open. */
    private void openClassFor() {
        if (cw != null && (poolEntries >= POOL_ENTRIES
                || forwardChunks.size() + sweepChunks.size() >= methodsPerClass)) {
            closeClass();
        }
        if (cw == null) {
            cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    // never asked for: the generated code merges no two reference types
                    return "java/lang/Object";
                }
            };
            owner = "org/dualad/reverse/Compiled" + classIndex++;
            cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC,
                    owner, null, "java/lang/Object", new String[] {PART});
            MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.visitCode();
            clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                    "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
            clinit.visitLdcInsn("_");
            clinit.visitLdcInsn(Type.getType("[Ljava/lang/Object;"));
            clinit.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                    "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;",
                    false);
            clinit.visitTypeInsn(Opcodes.CHECKCAST, "[Ljava/lang/Object;");
            String[] fields = {"V", "W", "A"};
            for (int i = 0; i < fields.length; i++) {
                cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, fields[i], "[D", null, null)
                        .visitEnd();
                clinit.visitInsn(Opcodes.DUP);
                clinit.visitInsn(Opcodes.ICONST_0 + i);
                clinit.visitInsn(Opcodes.AALOAD);
                clinit.visitTypeInsn(Opcodes.CHECKCAST, "[D");
                clinit.visitFieldInsn(Opcodes.PUTSTATIC, owner, fields[i], "[D");
            }
            clinit.visitInsn(Opcodes.POP);
            clinit.visitInsn(Opcodes.RETURN);
            clinit.visitMaxs(0, 0);
            clinit.visitEnd();
            MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            poolEntries = 20;
        }
    }

    /** Writes the class's two drivers, defines it as a hidden class and keeps an instance. */
    private void closeClass() {
        endMethod();
        if (cw == null) {
            return;
        }
        MethodVisitor f = cw.visitMethod(Opcodes.ACC_PUBLIC, "forward", FORWARD_DESC, null, null);
        f.visitCode();
        Label failed = new Label();
        for (String name : forwardChunks) {
            f.visitVarInsn(Opcodes.ALOAD, 1);
            f.visitVarInsn(Opcodes.ALOAD, 2);
            f.visitVarInsn(Opcodes.ALOAD, 3);
            f.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, FORWARD_DESC, false);
            f.visitInsn(Opcodes.DUP);
            f.visitJumpInsn(Opcodes.IFGE, failed);
            f.visitInsn(Opcodes.POP);
        }
        f.visitInsn(Opcodes.ICONST_M1);
        f.visitInsn(Opcodes.IRETURN);
        f.visitLabel(failed);
        f.visitInsn(Opcodes.IRETURN);
        f.visitMaxs(0, 0);
        f.visitEnd();
        MethodVisitor s = cw.visitMethod(Opcodes.ACC_PUBLIC, "sweep", SWEEP_DESC, null, null);
        s.visitCode();
        for (String name : sweepChunks) {
            s.visitVarInsn(Opcodes.ALOAD, 1);
            s.visitVarInsn(Opcodes.ALOAD, 2);
            s.visitVarInsn(Opcodes.ALOAD, 3);
            s.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, SWEEP_DESC, false);
        }
        s.visitInsn(Opcodes.RETURN);
        s.visitMaxs(0, 0);
        s.visitEnd();
        methods += 2;
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        classBytes += bytes.length;
        try {
            Object data = new Object[] {p.val, p.w, p.adj};
            Class<?> c = lookup.defineHiddenClassWithClassData(bytes, data, true).lookupClass();
            parts.add((CompiledTape.Part) c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("TapeCompiler: the JVM refused generated class " + owner + ": " + e, e);
        }
        cw = null;
        forwardChunks.clear();
        sweepChunks.clear();
    }

    /**
     * Pushes one of the program's arrays: 0 the values (forward) or the adjoints (sweep), 1 the
     * weights. They are static final fields of the generated class, set from its class data: the
     * JIT takes them as constants, so it knows their lengths and drops the range check of every
     * constant index (what makes straight-line code compact).
     */
    private void array(int which) {
        String field = which == 1 ? "W" : inSweep ? "A" : "V";
        mv.visitFieldInsn(Opcodes.GETSTATIC, owner, field, "[D");
        size += 2;
    }

    // ---------------------------------------------------------------- constants

    private void pushInt(int i) {
        if (i >= -1 && i <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + i);
            size++;
        } else if (i >= Byte.MIN_VALUE && i <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, i);
            size += 2;
        } else if (i >= Short.MIN_VALUE && i <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, i);
            size += 3;
        } else {
            mv.visitLdcInsn(i);
            poolEntries++;
            size += 3;
        }
    }

    private void pushDouble(double d) {
        long bits = Double.doubleToRawLongBits(d);
        if (bits == 0L) {
            mv.visitInsn(Opcodes.DCONST_0);
            size++;
        } else if (d == 1) {
            mv.visitInsn(Opcodes.DCONST_1);
            size++;
        } else {
            mv.visitLdcInsn(d);
            poolEntries += 2;
            size += 3;
        }
    }
}
