package dev.flotilla.ui.editor.source;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.DefaultAnnotationHover;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationHover;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.SourceViewerConfiguration;
import org.eclipse.swt.widgets.Display;

/** Colouring, content assist and problem hovers of the unit source viewer. */
public final class UnitSourceViewerConfiguration extends SourceViewerConfiguration {

    private final Display display;
    private final UnitCompletions completions;

    public UnitSourceViewerConfiguration(Display display, Supplier<UnitCompletions.ClusterFacts> cluster) {
        this.display = display;
        this.completions = new UnitCompletions(cluster);
    }

    @Override
    public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
        PresentationReconciler reconciler = new PresentationReconciler();
        RestOfFileDamagerRepairer dr = new RestOfFileDamagerRepairer(new UnitTokenScanner(display));
        reconciler.setDamager(dr, IDocument.DEFAULT_CONTENT_TYPE);
        reconciler.setRepairer(dr, IDocument.DEFAULT_CONTENT_TYPE);
        return reconciler;
    }

    /**
     * Recolours from the changed line to the end of the file: a trailing backslash typed on one line turns the next
     * line from key into value. Unit files are short, so this costs nothing noticeable.
     */
    static final class RestOfFileDamagerRepairer extends DefaultDamagerRepairer {
        RestOfFileDamagerRepairer(UnitTokenScanner scanner) {
            super(scanner);
        }

        @Override
        public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent e, boolean documentPartitioningChanged) {
            try {
                IDocument d = e.getDocument();
                int start = d.getLineInformationOfOffset(Math.min(e.getOffset(), d.getLength())).getOffset();
                int end = partition.getOffset() + partition.getLength();
                return new Region(start, Math.max(0, end - start));
            } catch (BadLocationException x) {
                return partition;
            }
        }
    }

    @Override
    public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
        ContentAssistant assistant = new ContentAssistant();
        assistant.setContentAssistProcessor(new Processor(), IDocument.DEFAULT_CONTENT_TYPE);
        assistant.enableAutoActivation(true);
        assistant.setAutoActivationDelay(300);
        assistant.enableAutoInsert(false);
        assistant.setProposalPopupOrientation(IContentAssistant.PROPOSAL_OVERLAY);
        return assistant;
    }

    @Override
    public IAnnotationHover getAnnotationHover(ISourceViewer sourceViewer) {
        return new DefaultAnnotationHover();
    }

    /** Hovering over a squiggle tells its problem(s). */
    @Override
    public ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
        return new ITextHover() {
            @Override
            public String getHoverInfo(ITextViewer viewer, IRegion region) {
                IAnnotationModel model = sourceViewer.getAnnotationModel();
                if (model == null) {
                    return null;
                }
                StringBuilder b = new StringBuilder();
                for (java.util.Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
                    Annotation a = it.next();
                    org.eclipse.jface.text.Position p = model.getPosition(a);
                    if (a instanceof ProblemAnnotations.Problem && p != null && p.getOffset() <= region.getOffset()
                            && region.getOffset() <= p.getOffset() + p.getLength()) {
                        b.append(b.length() == 0 ? "" : "\n").append(a.getText());
                    }
                }
                return b.length() == 0 ? null : b.toString();
            }

            @Override
            public IRegion getHoverRegion(ITextViewer viewer, int offset) {
                return new Region(offset, 0);
            }
        };
    }

    /** Completion through {@link UnitCompletions}. */
    final class Processor implements IContentAssistProcessor {
        @Override
        public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
            List<UnitCompletions.Proposal> ps = completions.at(viewer.getDocument().get(), offset);
            ICompletionProposal[] out = new ICompletionProposal[ps.size()];
            for (int i = 0; i < out.length; i++) {
                UnitCompletions.Proposal p = ps.get(i);
                out[i] = new CompletionProposal(p.text(), p.replaceOffset(), p.replaceLength(), p.text().length(),
                        null, p.text(), null, p.description());
            }
            return out;
        }

        @Override
        public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
            return null;
        }

        @Override
        public char[] getCompletionProposalAutoActivationCharacters() {
            return new char[] {'=', '['};
        }

        @Override
        public char[] getContextInformationAutoActivationCharacters() {
            return null;
        }

        @Override
        public String getErrorMessage() {
            return null;
        }

        @Override
        public IContextInformationValidator getContextInformationValidator() {
            return null;
        }
    }
}
