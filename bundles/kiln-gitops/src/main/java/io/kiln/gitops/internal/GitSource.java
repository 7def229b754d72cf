package io.kiln.gitops.internal;

import io.kiln.api.KilnException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A git repository followed with JGit: cloned into a checkout directory Kiln owns, then fetched and hard-reset to
 * the remote branch on every check (local edits in the checkout are discarded). Its revision is the commit id.
 */
final class GitSource implements Source {
    private static final int TIMEOUT_SECONDS = 60;

    private final String url;
    private final String branch;
    private final Path checkout;
    private final String subPath;

    GitSource(String url, String branch, Path checkout, String subPath) {
        this.url = url;
        this.branch = branch;
        this.checkout = checkout;
        this.subPath = subPath == null ? "" : subPath.trim();
    }

    @Override
    public String describe() {
        return url + " (" + branch + (subPath.isEmpty() ? "" : ", " + subPath) + ")";
    }

    @Override
    public Snapshot check() throws IOException, GitAPIException {
        String remoteRef = "refs/remotes/origin/" + branch;
        try (Git git = open()) {
            git.fetch().setRemote("origin").setTimeout(TIMEOUT_SECONDS).setRemoveDeletedRefs(true)
                    .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + remoteRef)).call();
            Repository repo = git.getRepository();
            ObjectId head = repo.resolve(remoteRef);
            if (head == null) throw KilnException.notFound("branch '" + branch + "' not found in " + url);
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteRef).call();
            git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
            Path dir = subPath.isEmpty() ? checkout : checkout.resolve(subPath).normalize();
            if (!dir.startsWith(checkout)) throw KilnException.invalid("gitPath '" + subPath + "' leaves the checkout");
            return new Snapshot(dir, head.name());
        }
    }

    /** The checkout, cloned when missing; its origin follows the configured URL. */
    private Git open() throws IOException, GitAPIException {
        if (Files.isDirectory(checkout.resolve(".git"))) {
            Repository repo = new FileRepositoryBuilder().setGitDir(checkout.resolve(".git").toFile()).setMustExist(true).build();
            StoredConfig cfg = repo.getConfig();
            if (!url.equals(cfg.getString("remote", "origin", "url"))) {
                cfg.setString("remote", "origin", "url", url);
                cfg.save();
            }
            return new Git(repo, true);
        }
        if (Files.exists(checkout) && !isEmptyDir(checkout)) {
            throw KilnException.invalid("gitCheckoutDir " + checkout + " is neither empty nor a git checkout: refusing to use it");
        }
        Files.createDirectories(checkout);
        File dir = checkout.toFile();
        return Git.cloneRepository().setURI(url).setDirectory(dir).setBranch(branch).setBranchesToClone(List.of("refs/heads/" + branch))
                .setTimeout(TIMEOUT_SECONDS).call();
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }
}
